"""UCEP pages: the hospital's episodes (triage, transfers, refusal, discharge, charges and the
payer of each, the UCEP claim), the EMS centre's inbox, the fund's UCEP notices, and the
public "am I covered?" page."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sitthi.claims import frames as fr
from sitthi.claims.models import Notice
from sitthi.core.errors import ErrorItem, SitthiError, validate_all
from sitthi.core.logmask import mask_citizen_id
from sitthi.core.models import Role
from sitthi.registry.services import parse_local_datetime, parse_number
from sitthi.rules.kernel.numbers import NumberError
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date, completed_years
from sitthi.rules.params import default_parameters
from sitthi.rules.ucep import coverage, eligibility, triage
from sitthi.web.exports import table_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import lists, services
from .models import EmsState, Episode, TransferAssignment

#: The centre's actions as buttons: action → label.
EMS_BUTTONS = {
    "review": _("Start review"),
    "confirm": _("Confirm triage"),
    "overrule": _("Overrule triage"),
    "arrange_transfer": _("Transfer arranged"),
    "close": _("Close"),
}


def _ems_actions(episode) -> list[dict]:
    """The buttons the centre may press for ``episode`` in its current state."""
    return [
        {"action": a, "label": EMS_BUTTONS[a]}
        for a, (allowed, _after) in services.EMS_STEPS.items()
        if episode.ems_state in allowed
    ]


PAYER_LABELS = {
    "UCEP": (_("UCEP (fee schedule, through NHSO)"), "ucep"),
    "FUND": (_("Owner fund, normal rate (after the window)"), "fund"),
    "FUND_SYSTEM": (_("The fund's normal system"), "system"),
    "PATIENT": (_("The patient (refused transfer or chose to stay)"), "patient"),
}


def _when(text: str | None, field: str) -> datetime:
    """A datetime-local field in Bangkok time; the year read as ``parse_date`` reads it."""
    return parse_local_datetime(text, field)


def _local(moment):
    return moment.astimezone(BANGKOK).replace(tzinfo=None) if moment else None


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


EPISODE_HEADERS = [
    "episode",
    "citizen_id (masked)",
    "fund",
    "first_hospital",
    "admitted_at (Asia/Bangkok)",
    "covid",
    "critical",
    "eligible",
    "notified_at (Asia/Bangkok)",
    "ems_state",
    "state",
    "transfer_back_group",
]


@login_required
def episode_list(request):
    """The episodes the actor may see (``services.episodes_for``), paged and filtered by
    ``lists.EPISODES``; ``?format=csv|xlsx`` exports every filtered episode."""
    actor = _actor(request)
    rows = services.episodes_for(actor).select_related("queue_assignment__hospital")
    listed = lists.EPISODES.run(request, actor, rows)
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        out = (
            [
                f"E{e.pk}",
                mask_citizen_id(e.citizen_id),
                e.fund_id,
                e.first_hospital_id,
                _local(e.admitted_at),
                _yes_no(e.covid),
                _yes_no(e.critical),
                _yes_no(e.eligible),
                _local(e.notified_at),
                e.ems_state or None,
                e.state,
                _group(e),
            ]
            for e in listed.rows.iterator()
        )
        return table_response(fmt, "ucep-episodes", EPISODE_HEADERS, out)
    return render(
        request,
        "ucep/list.html",
        {"listed": listed, "page": listed.page},
        status=400 if listed.errors else 200,
    )


def _group(episode) -> int | None:
    """The transfer-back group of the hospital the Bangkok queue gave the episode, if any."""
    try:
        return episode.queue_assignment.hospital.transfer_back_group
    except TransferAssignment.DoesNotExist:
        return None


@login_required
def episode_new(request):
    actor = _actor(request)
    actor.require(Role.HOSPITAL)
    context = {"post": request.POST, "errors": []}
    if request.method == "POST":
        try:
            episode = services.open_episode(
                actor,
                request.POST.get("citizen_id", ""),
                _when(request.POST.get("admitted_at"), "admitted_at"),
                covid=request.POST.get("covid") == "on",
                now=timezone.now(),
            )
            return redirect("ucep_episode", episode_id=episode.pk)
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            return render(request, "ucep/new.html", context, status=exc.status)
    return render(request, "ucep/new.html", context)


#: How the triage form asks for each field of ``sitthi.rules.ucep.triage.Assessment``.
FIELD_LABELS = {
    "age_years": ("อายุ", "Age", "ปี / years"),
    "is_child": ("เป็นเด็ก (เฉพาะผู้ไม่มีวันเกิดในทะเบียน)", "A child (only if not in the registry)", ""),
    "cardiac_arrest": ("หัวใจหยุดเต้น", "Cardiac arrest", ""),
    "airway_obstruction": ("มีสิ่งอุดกั้นทางเดินหายใจ", "Airway obstruction", ""),
    "acute_dyspnoea": ("หายใจลำบากเฉียบพลัน", "Acute dyspnoea", ""),
    "shock": ("มีภาวะช็อก", "Shock", ""),
    "coma": ("มีภาวะโคม่า", "Coma", ""),
    "reduced_consciousness": ("ซึมลงเมื่อเทียบกับระดับความรู้สึกตัวเดิม", "Reduced consciousness", ""),
    "seizure": ("ชักเมื่อแรกรับ", "Seizure at triage", ""),
    "temperature_c": ("อุณหภูมิกาย", "Temperature", "°C"),
    "fever_hours": ("มีไข้มานาน", "Fever for", "ชั่วโมง / hours"),
    "respiratory_rate": ("อัตราการหายใจ", "Respiratory rate", "/นาที / min"),
    "spo2_room_air": ("ออกซิเจนในเลือด (room air) แรกรับ", "Room-air SpO2", "%"),
    "exercise_desaturation_points": ("ออกซิเจนลดลงเมื่อออกแรง", "Exercise desaturation", "% points"),
    "comorbidity_changed": (
        "โรคประจำตัวเปลี่ยนแปลง/ต้องเฝ้าระวัง",
        "Comorbidity changed / needs watch",
        "",
    ),
    "child_dyspnoea": ("เด็ก: หายใจลำบาก", "Child: dyspnoea", ""),
    "child_drowsy": ("เด็ก: ซึมลง", "Child: drowsy", ""),
    "child_poor_feeding": ("เด็ก: ดื่มนม/กินอาหารน้อยลง", "Child: poor feeding", ""),
    "officer_high_risk": ("ความเสี่ยงสูงตามดุลยพินิจผู้คัดแยก", "High risk (officer)", ""),
    "dyspnoea_or_tachypnoea": ("เหนื่อยหอบ หายใจเร็ว", "Dyspnoea or tachypnoea", ""),
    "copd": ("โรคปอดอุดกั้นเรื้อรัง", "COPD", ""),
    "chronic_lung_disease": ("โรคปอดเรื้อรังอื่น", "Other chronic lung disease", ""),
    "chronic_kidney_disease": ("โรคไตเรื้อรัง", "Chronic kidney disease", ""),
    "cardiovascular_disease": ("โรคหัวใจและหลอดเลือด", "Cardiovascular disease", ""),
    "congenital_heart_disease": ("โรคหัวใจแต่กำเนิด", "Congenital heart disease", ""),
    "stroke": ("โรคหลอดเลือดสมอง", "Stroke", ""),
    "uncontrolled_diabetes": ("เบาหวานที่ควบคุมไม่ได้", "Uncontrolled diabetes", ""),
    "weight_kg": ("น้ำหนัก", "Weight", "กก. / kg"),
    "pregnant": ("ตั้งครรภ์", "Pregnant", ""),
    "cirrhosis": ("ตับแข็ง", "Cirrhosis", ""),
    "immunodeficiency": ("ภูมิคุ้มกันบกพร่อง", "Immunodeficiency", ""),
    "lymphocytes_per_ul": ("ลิมโฟไซต์", "Lymphocytes", "/µL"),
    "other_risk_factor": ("ปัจจัยเสี่ยงอื่นตามดุลยพินิจ", "Other risk factor (officer)", ""),
    "loss_of_taste": ("ลิ้นไม่รับรส", "Loss of taste", ""),
    "loss_of_smell": ("จมูกไม่รับกลิ่น", "Loss of smell", ""),
    "cough": ("ไอ", "Cough", ""),
    "runny_nose": ("มีน้ำมูก", "Runny nose", ""),
    "sore_throat": ("เจ็บคอ", "Sore throat", ""),
    "red_eyes": ("ตาแดง", "Red eyes", ""),
    "rash": ("มีผื่น", "Rash", ""),
    "diarrhoea": ("ถ่ายเหลว", "Diarrhoea", ""),
    "officer_critical": (
        "ฉุกเฉินวิกฤตตามเกณฑ์ กพฉ. (ผู้คัดแยกประเมิน)",
        "Critical by the national EMS criteria (officer)",
        "",
    ),
}


def _assessment_fields():
    out = []
    for f in dc_fields(triage.Assessment):
        th, en, unit = FIELD_LABELS.get(f.name, (f.name, f.name.replace("_", " "), ""))
        kind = "bool" if "bool" in str(f.type) else "number"
        out.append({"name": f.name, "kind": kind, "th": th, "en": en, "unit": unit})
    return out


def _parse_assessment(post) -> dict:
    inputs, problems = {}, []
    for f in _assessment_fields():
        raw = post.get(f["name"], "")
        if f["kind"] == "bool":
            if raw in ("yes", "no"):
                inputs[f["name"]] = raw == "yes"
        elif raw.strip():
            try:
                inputs[f["name"]] = triage.read_measure(f["name"], raw)
            except NumberError as exc:
                problems.append(ErrorItem(exc.code, exc.field, exc.params))
    if problems:
        raise SitthiError(*problems)
    return inputs


@login_required
def episode_detail(request, episode_id: int):
    actor = _actor(request)
    episode = services.get_episode(actor, episode_id)
    return _render_detail(request, actor, episode)


def _render_detail(request, actor, episode, errors=None, status=200):
    stay = services.current_stay(episode)
    window_start, window_end = services.window_of(episode)
    charges = []
    for c in episode.charges.select_related("stay", "claim"):
        text = services.charge_reason(c)
        charges.append(
            {
                "c": c,
                "label": PAYER_LABELS.get(c.payer, (c.payer, ""))[0],
                "css": PAYER_LABELS.get(c.payer, ("", ""))[1],
                "text": text,
            }
        )
    totals = [
        {"payer": p, "label": PAYER_LABELS.get(p, (p, ""))[0], "amount": a}
        for p, a in sorted(services.totals_by_payer(episode).items())
    ]
    latest = episode.triages.order_by("-assessed_at", "-id").first()
    failed = [
        eligibility.FAILURES.get(code, (code, code))[:2] for code in episode.eligibility_failed
    ]
    advice = target = None
    try:
        advice, target = services.advise_transfer_back(actor, episode.pk, now=timezone.now())
    except SitthiError:
        pass
    can_act = (
        actor.role == Role.HOSPITAL
        and stay.hospital_id == actor.hospital_code
        and episode.state == Episode.State.OPEN
    )
    billing = services.billing_of(
        episode, actor.hospital_code if actor.role == Role.HOSPITAL else None
    )
    has_own_ucep = actor.role == Role.HOSPITAL and billing["billable"]
    can_choose_stay = (
        can_act
        and episode.eligible is False
        and not episode.chose_to_stay_at
        and eligibility.patient_pays_by_choice(episode.eligibility_failed)
    )
    registry_age = None
    if episode.person_id:
        registry_age = completed_years(episode.person.birth_date, bangkok_date(episode.admitted_at))
    fields = [
        f
        for f in _assessment_fields()
        if registry_age is None or f["name"] not in ("age_years", "is_child")
    ]
    return render(
        request,
        "ucep/detail.html",
        {
            "e": episode,
            "stay": stay,
            "stays": episode.stays.select_related("hospital"),
            "window_start": window_start,
            "window_end": window_end,
            "charges": charges,
            "totals": totals,
            "triage": latest,
            "failed": failed,
            "advice": advice,
            "target": target,
            "can_act": can_act,
            "has_own_ucep": has_own_ucep,
            "billing": billing,
            "can_choose_stay": can_choose_stay,
            "registry_age": registry_age,
            "ems_actions": _ems_actions(episode) if actor.role == Role.EMS else [],
            "ems_history": episode.ems_actions.select_related("by", "hospital"),
            "fields": fields,
            "errors": errors or [],
            "line_rows": range(1, 5),
            "now": timezone.now().astimezone(BANGKOK),
        },
        status=status,
    )


@login_required
@require_POST
def episode_action(request, episode_id: int, action: str):
    actor = _actor(request)
    now = timezone.now()
    post = request.POST
    try:
        if action == "triage":
            services.record_triage(actor, episode_id, _parse_assessment(post), now=now)
        elif action == "notify":
            services.notify_ems(actor, episode_id, now=now, contact=post.get("contact", ""))
        elif action == "stay":
            services.choose_to_stay(actor, episode_id, _when(post.get("at"), "at"), now=now)
        elif action.startswith("ems-"):
            services.ems_act(
                actor,
                episode_id,
                action.removeprefix("ems-").replace("-", "_"),
                reason=post.get("reason", ""),
                hospital=post.get("hospital", ""),
                now=now,
            )
            if post.get("back") == "inbox":
                return redirect("ucep_ems")
        elif action == "acknowledge":
            services.fund_acknowledge(actor, episode_id, now=now)
            return redirect("ucep_fund")
        elif action == "transfer":
            services.transfer(
                actor, episode_id, post.get("to_hospital", ""), _when(post.get("at"), "at"), now=now
            )
        elif action == "fit":
            services.fit_to_move(
                actor,
                episode_id,
                _when(post.get("at"), "at"),
                refused=post.get("refused") == "on",
                now=now,
            )
        elif action == "discharge":
            services.discharge(actor, episode_id, _when(post.get("at"), "at"), now=now)
        elif action == "charges":
            services.add_charges(actor, episode_id, _lines(post), now=now)
        elif action == "claim":
            codes = [
                c.strip()
                for c in post.get("diagnoses", "").replace(",", ";").split(";")
                if c.strip()
            ]
            outcome = services.make_claim(actor, episode_id, codes, now=now)
            return redirect("claim_detail", claim_id=outcome.claim.pk)
        elif action == "assign":
            services.advise_transfer_back(actor, episode_id, now=now, assign=True)
        else:
            raise SitthiError.one("NOT_FOUND")
    except SitthiError as exc:
        if exc.status in (401, 404) or action == "assign":
            raise
        episode = services.get_episode(actor, episode_id)
        return _render_detail(request, actor, episode, exc.as_dict()["errors"], exc.status)
    return redirect("ucep_episode", episode_id=episode_id)


def _amount(post, name: str, field: str, places: int) -> Decimal:
    """A quantity (3 places) or baht (2) of a charge line: at most 14 digits, bounded before
    any arithmetic (``registry.services.parse_number``)."""
    return parse_number(post.get(name, ""), field, max_digits=14, places=places)


def _lines(post) -> list[fr.LineIn]:
    lines, problems = [], []
    for i in range(1, 5):
        code = post.get(f"item_code_{i}", "").strip()
        if not code:
            continue
        try:
            quantity, served_at, charged = validate_all(
                lambda i=i: _amount(post, f"quantity_{i}", f"lines[{i}].quantity", 3),
                lambda i=i: _when(post.get(f"served_at_{i}"), f"lines[{i}].served_at"),
                lambda i=i: _amount(post, f"charged_{i}", f"lines[{i}].charged", 2),
            )
            lines.append(fr.LineIn(code, quantity, served_at, charged))
        except SitthiError as exc:
            problems += exc.items
    if problems:
        raise SitthiError(*problems)
    return lines


INBOX_HEADERS = [
    "episode",
    "ems_state",
    "fund",
    "current_hospital",
    "admitted_at (Asia/Bangkok)",
    "notified_at (Asia/Bangkok)",
    "critical",
    "covid",
    "transfer_back_to",
]


@login_required
def ems_inbox(request):
    """The coordination centre's inbox: the episodes hospitals notified, by state, with the
    hospital's contact, the time since admission (past 72 hours highlighted) and the actions
    of each state. It refreshes by itself every minute. Paged and filtered by
    ``lists.EMS_INBOX`` (the tabs are its ``state``); ``?format=csv|xlsx`` exports it."""
    actor = _actor(request)
    state = (request.GET.get("state") or "").strip()
    listed = lists.EMS_INBOX.run(request, actor, lists.inbox_rows(actor, state))
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    now = timezone.now()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:

        def out():
            for e in listed.rows.iterator():
                _advice, target = services.advise_transfer_back(actor, e.pk, now=now)
                yield [
                    f"E{e.pk}",
                    e.ems_state,
                    e.fund_id,
                    services.current_stay(e).hospital_id,
                    _local(e.admitted_at),
                    _local(e.notified_at),
                    _yes_no(e.emergency_critical),
                    _yes_no(e.covid),
                    target.hcode if target else None,
                ]

        return table_response(fmt, "ucep-ems", INBOX_HEADERS, out())
    window = default_parameters().value(coverage.WINDOW_HOURS, bangkok_date(now)).value
    rows = []
    for e in listed.page:
        advice, target = services.advise_transfer_back(actor, e.pk, now=now)
        since = services.hours_since_admission(e, now)
        rows.append(
            {
                "e": e,
                "stay": services.current_stay(e),
                "advice": advice,
                "target": target,
                "hours": int(since),
                "minutes": int(since * 60 % 60),
                "late": since > float(window),
                "actions": _ems_actions(e) if actor.role == Role.EMS else [],
            }
        )
    counts = dict(
        Episode.objects.filter(notified_at__isnull=False)
        .order_by()
        .values_list("ems_state")
        .annotate(n=Count("pk"))
    )
    tabs = [{"state": "", "label": _("Open (not closed)"), "n": None}] + [
        {"state": v, "label": label, "n": counts.get(v, 0)} for v, label in EmsState.choices
    ]
    return render(
        request,
        "ucep/ems.html",
        {
            "rows": rows,
            "listed": listed,
            "tabs": tabs,
            "state": state,
            "window_hours": int(window),
            "refresh_seconds": 60,
            "now": now.astimezone(BANGKOK),
        },
        status=400 if listed.errors else 200,
    )


FUND_HEADERS = [
    "episode",
    "citizen_id (masked)",
    "fund",
    "current_hospital",
    "admitted_at (Asia/Bangkok)",
    "notified_at (Asia/Bangkok)",
    "ems_state",
    "transfer_back_to",
    "acknowledged_at (Asia/Bangkok)",
]


@login_required
def fund_notices(request):
    """A fund's UCEP page: its inbox of UCEP notifications (its own members' episodes the
    coordination centre was told of, to prepare the transfer back; paged and filtered by
    ``lists.FUND_INBOX``, exported with ``?format=csv|xlsx``), then the notices holding UCEP
    claims of its members."""
    actor = _actor(request)
    listed = lists.FUND_INBOX.run(request, actor, services.fund_inbox(actor))
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    now = timezone.now()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:

        def out():
            for e in listed.rows.iterator():
                _advice, target = services.advise_transfer_back(actor, e.pk, now=now)
                yield [
                    f"E{e.pk}",
                    mask_citizen_id(e.citizen_id),
                    e.fund_id,
                    services.current_stay(e).hospital_id,
                    _local(e.admitted_at),
                    _local(e.notified_at),
                    e.ems_state,
                    target.hcode if target else None,
                    _local(e.fund_acknowledged_at),
                ]

        return table_response(fmt, "ucep-fund", FUND_HEADERS, out())
    rows = [
        {
            "e": e,
            "stay": services.current_stay(e),
            "advice": services.advise_transfer_back(actor, e.pk, now=now),
            "hours": int(services.hours_since_admission(e, now)),
        }
        for e in listed.page
    ]
    notices = Notice.objects.filter(claims__service_type="UCEP").distinct()
    if actor.role == Role.FUND:
        notices = notices.filter(fund_id=actor.fund_code)
    return render(
        request,
        "ucep/fund.html",
        {"rows": rows, "listed": listed, "notices": notices.order_by("-created_at")},
        status=400 if listed.errors else 200,
    )


def am_i_covered(request):
    """Public: a described situation in, a plain Thai answer out. Nothing is stored."""
    answer = None
    post = request.POST if request.method == "POST" else None
    if post:
        fund_programme = post.get("fund") or None
        hospital = post.get("hospital", "")
        critical = post.get("critical") == "yes"
        result = eligibility.eligibility(
            post.get("fund") or None,
            fund_programme,
            hospital.startswith("private"),
            hospital == "private_network",
            critical,
        )
        answer = {
            "eligible": result.eligible,
            "failed": [eligibility.FAILURES.get(c, (c, c))[:2] for c in result.failed],
            "covid": post.get("covid") == "yes",
        }
    return render(request, "ucep/covered.html", {"answer": answer, "post": post or {}})
