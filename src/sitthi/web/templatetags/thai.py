import re

from django import template
from django.utils.translation import get_language

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.kernel import thaitime

register = template.Library()


@register.filter
def be_date(value):
    return thaitime.be_date(value, get_language() or "th")


@register.filter
def be_datetime(value):
    return thaitime.be_datetime(value, get_language() or "th")


@register.filter
def cid_masked(value):
    return mask_citizen_id(value or "")


@register.filter
def cid_pretty(value):
    """1-2345-67890-12-3, the way the card prints it."""
    v = value or ""
    if len(v) != 13:
        return v
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


@register.filter
def bi(obj, field="name"):
    """The Thai or English name of a reference object, by the page's language."""
    if obj is None:
        return ""
    lang = (get_language() or "th")[:2]
    value = getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_th", "")
    return value


@register.filter
def baht_words(value):
    """An amount in Thai words, as letters write it: 200000 → สองแสนบาทถ้วน (PyThaiNLP)."""
    from decimal import Decimal

    from pythainlp.util import bahttext

    if value is None or value == "":
        return ""
    return bahttext(float(Decimal(value).quantize(Decimal("0.01"))))


@register.filter
def be_date_long(value):
    """A date with the full Thai month and the Buddhist-Era year: 20 พฤษภาคม 2567."""
    from pythainlp.util import thai_strftime

    if value is None:
        return ""
    from datetime import datetime

    if isinstance(value, datetime) and value.tzinfo:  # a moment: its day in Bangkok
        value = value.astimezone(thaitime.BANGKOK)
    return thai_strftime(datetime(value.year, value.month, value.day), "%-d %B %Y")


@register.simple_tag
def date_input(name, value="", required=False, fallback=None, keep=None, step=None):
    """A date field Thai users can type in: dd/mm/yyyy in the Buddhist Era (or Christian),
    or yyyy-mm-dd, read by ``thaitime.read_date``; beside it, what it was read as (or how to
    type it). ``fallback`` is shown when there is no typed value, or — with ``step`` — when
    the failed step ``keep`` is not this form's ``step``."""
    from django.utils import timezone
    from django.utils.html import format_html
    from django.utils.translation import gettext

    if step is not None and keep != step:
        value = ""
    if value in (None, ""):
        value = fallback
    shown = thaitime.form_value(value)
    hint = gettext("Type dd/mm/yyyy, e.g. 01/03/2567 (BE) or 2024-03-01 (CE)")
    if shown:
        try:
            read = thaitime.read_date(shown, thaitime.bangkok_date(timezone.now()))
            hint = read.hint(get_language() or "th")
        except thaitime.DateUnread:
            pass
    return format_html(
        '<input type="text" name="{}" value="{}" inputmode="numeric" autocomplete="off"'
        ' maxlength="10" placeholder="{}" data-date-field{}><small class="date-hint"'
        ' data-testid="date-hint-{}" data-help="{}">{}</small>',
        name,
        shown,
        gettext("dd/mm/yyyy"),
        " required" if required else "",
        name,
        gettext("Type dd/mm/yyyy, e.g. 01/03/2567 (BE) or 2024-03-01 (CE)"),
        hint,
    )


@register.simple_tag
def datetime_input(name, value="", required=False, label=None):
    """A date-and-time field typed as Thai officers write it: dd/mm/yyyy HH:MM with the
    Buddhist-Era year (or Christian, or the ISO 2024-03-01T10:30 a machine sends), read by
    ``thaitime.read_datetime`` as the server reads it; beside it, what it was read as (or how
    to type it). A moment ``value`` is shown in Bangkok time with its BE year."""
    from django.utils import timezone
    from django.utils.html import format_html
    from django.utils.translation import gettext

    shown = thaitime.form_datetime_value(value)
    help_text = gettext(
        "Type dd/mm/yyyy HH:MM, e.g. 01/03/2567 14:30 (BE) or 2024-03-01 14:30 (CE)"
    )
    hint = help_text
    if shown:
        try:
            read = thaitime.read_datetime(shown, thaitime.bangkok_date(timezone.now()))
            if read.tzinfo:
                read = read.astimezone(thaitime.BANGKOK)
            hint = thaitime.datetime_hint(read, get_language() or "th")
        except thaitime.DateUnread:
            pass
    return format_html(
        # no inputmode="numeric": a phone's digit pad has no space nor colon for HH:MM
        '<input type="text" name="{}" value="{}" autocomplete="off"'
        ' maxlength="25" placeholder="{}"{} data-datetime-field{}><small class="date-hint"'
        ' data-testid="date-hint-{}" data-help="{}">{}</small>',
        name,
        shown,
        gettext("dd/mm/yyyy HH:MM"),
        format_html(' aria-label="{}"', label) if label else "",
        " required" if required else "",
        name,
        help_text,
        hint,
    )


def _number(value) -> str:
    """A decimal as people read it: thousands separators, its own decimals (37.00, 2,895.09)."""
    from decimal import Decimal

    d = Decimal(value)
    places = max(0, -d.as_tuple().exponent) if d.as_tuple().exponent < 0 else 0
    return f"{d:,.{places}f}"


#: The severities a ceiling table is keyed by, as users read them.
_SEVERITY = {
    "death_disability": (
        "เสียชีวิต พิการถาวร หรือเจ็บป่วยเรื้อรังตลอดชีวิต",
        "death, permanent disability or lifelong illness",
    ),
    "organ_loss": ("สูญเสียอวัยวะหรือพิการ", "loss of an organ or disability"),
    "injury": ("บาดเจ็บหรือเจ็บป่วยต่อเนื่อง", "injury or ongoing illness"),
}


@register.filter
def param_value(value):
    """A rule parameter's value in words and numbers, never as a Python value: yes/no, a
    number with separators, a ceiling table as "severity: from–to" lines."""
    from collections.abc import Mapping
    from decimal import Decimal

    en = (get_language() or "th").startswith("en")
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("ใช่" if value else "ไม่ใช่")
    if isinstance(value, (Decimal, int, float)):
        return _number(value)
    if isinstance(value, Mapping):
        parts = []
        for key, inner in value.items():
            label = _SEVERITY.get(key, (key.replace("_", " "), key.replace("_", " ")))[en]
            if isinstance(inner, Mapping) and set(inner) <= {"min", "max"}:
                low, high = inner.get("min"), inner.get("max")
                if low is not None and high is not None:
                    amount = f"{_number(low)}–{_number(high)}"
                elif high is not None:
                    amount = ("up to " if en else "ไม่เกิน ") + _number(high)
                else:
                    amount = ("from " if en else "ตั้งแต่ ") + _number(low)
            else:
                amount = param_value(inner)
            parts.append(f"{label}: {amount}")
        return "; ".join(parts)
    if isinstance(value, (list, tuple)):
        return ", ".join(param_value(v) for v in value)
    return "" if value is None else str(value)


_SEED_REF = re.compile(
    r"\bseeds?\s+\d{3}(?:_\w+\.txt)?(?:\s*,\s*\d{3}(?:_\w+\.txt)?)*,?\s*"
    r"(?:(?:lines?|p\.|pages?|steps?)\s*[\d–\-, ]*)?:?\s*",
    re.I,
)
_DOC_REF = re.compile(r"\b[A-Z][A-Z_]+\.md\b\s*,?\s*")
_TAG = re.compile(r"\s*\[[A-Z]{1,2}\]")


@register.filter
def public_source(text):
    """A parameter's cited source as the public reads it: the quoted law and figures, without
    the project's file names (FACTS.md, seed files, line numbers); those stay in the docs."""
    text = _SEED_REF.sub("", text or "")
    text = _DOC_REF.sub("", text)
    text = _TAG.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,")


@register.filter
def page_link(listed, number):
    """A list's link to page ``number`` with its filters (``sitthi.web.listing.Listed``)."""
    return listed.page_link(number)


#: The words the rules write into measured values (``sitthi.rules.ucep.triage``), as read.
_MEASURED_WORDS = {
    "yes": ("มี", "yes"),
    "no": ("ไม่มี", "no"),
    "child": ("เด็ก", "child"),
    "adult": ("ผู้ใหญ่", "adult"),
}


@register.filter
def measured(value):
    """A triage criterion's measured text for the page: its yes/no/child/adult parts in the
    page's language ("yes" alone is not shown: the criterion itself says it was found)."""
    if not value:
        return ""
    english = (get_language() or "th").startswith("en")
    parts = [p.strip() for p in str(value).split(",")]
    if parts == ["yes"]:
        return ""
    words = [_MEASURED_WORDS.get(p, (p, p))[1 if english else 0] for p in parts]
    return f"({', '.join(words)})"


@register.filter
def schedule_versions(value):
    """``"nhso:ab12cd34ef56;ucep:…"`` (a claim's ``tariff_versions``) → [(schedule, short
    version)], for a line a claims officer reads: which fee schedule, which edition."""
    out = []
    for part in str(value or "").split(";"):
        name, _, digest = part.partition(":")
        if name:
            out.append((name, digest[:8]))
    return out


#: What a claim event's note says when it is one of the system's words, not a person's text.
_EVENT_NOTES = {
    "api": ("ส่งผ่าน API", "sent over the API"),
    "bulk": ("ส่งเป็นชุดผ่าน API", "sent in a batch over the API"),
    "page": ("บันทึกบนหน้าเว็บ", "entered on the page"),
    "form": ("บันทึกบนหน้าเว็บ", "entered on the page"),
    "file": ("นำเข้าจากแฟ้ม", "imported from a file"),
    "eclaim": ("นำเข้าจากแฟ้ม e-Claim (ZIP)", "imported from an e-Claim ZIP file"),
    "fhir": ("ส่งเป็น FHIR", "sent as FHIR"),
    "ucep": ("เรียกเก็บจากรายการ UCEP", "billed from a UCEP episode"),
    "isolation": ("เรียกเก็บจากผู้ป่วย HI/CI", "billed from an HI/CI case"),
    "resubmitted": ("แก้ไขและส่งใหม่", "corrected and sent again"),
    "created": ("รับเข้าระบบ", "received"),
}


@register.filter
def event_note(value):
    """A claim event's note as people read it: the system's words (how a claim came in,
    "resubmitted") in the page's language; a person's note (a return reason) as written."""
    known = _EVENT_NOTES.get(str(value or ""))
    if known is None:
        return value
    return known[1] if (get_language() or "th").startswith("en") else known[0]


#: The allocation's words (``sitthi.rules.allocation.config`` kinds and methods, the ledger's
#: reasons for moving money) as an officer reads them: (Thai, English).
_ALLOCATION_WORDS = {
    "per_person": ("ต่อหัวประชากร", "per person"),
    "fixed": ("วงเงินคงที่", "fixed amount"),
    "op_general": ("งบผู้ป่วยนอกทั่วไปรายเขต", "outpatient global budget by region"),
    "ip_general": ("งบผู้ป่วยในทั่วไป (ค่าคะแนน DRG)", "inpatient global budget (DRG points)"),
    "psychiatric": ("จิตเวชในชุมชน ตามจำนวนผู้ป่วย", "community psychiatry, per patient"),
    "dependent_elderly": ("ผู้สูงอายุที่มีภาวะพึ่งพิง", "dependent elderly"),
    "capital_replacement": ("ค่าเสื่อม (งบลงทุนทดแทน)", "capital replacement"),
    "held": ("สปสช. ถือไว้จ่ายตามเกณฑ์ของรายการ", "held by NHSO, paid by the line's rules"),
    "returned_to_parent": ("คืนเข้ารายการหลัก", "returned to the parent line"),
    "shortfall": ("เติมรายการที่ขาด", "to cover a shortfall"),
}


@register.filter
def allocation_word(value):
    """An allocation kind, method or transfer reason in the page's language."""
    known = _ALLOCATION_WORDS.get(str(value or ""))
    if known is None:
        return value
    return known[1] if (get_language() or "th").startswith("en") else known[0]


#: The names of the fields an error points at, as a form's reader calls them: (Thai, English).
_FIELD_WORDS = {
    "citizen_id": ("เลขประจำตัวประชาชน", "citizen ID"),
    "claim_key": ("เลขที่เคลม", "claim key"),
    "hospital": ("รหัสหน่วยบริการ", "hospital code"),
    "service_type": ("ประเภทบริการ", "service type"),
    "admitted_at": ("วันเวลาเข้ารับบริการ", "admitted at"),
    "discharged_at": ("วันเวลาจำหน่าย", "discharged at"),
    "diagnoses": ("การวินิจฉัย", "diagnosis"),
    "dx_type": ("ประเภทการวินิจฉัย", "diagnosis type"),
    "code": ("รหัส", "code"),
    "lines": ("รายการ", "line"),
    "item_code": ("รหัสรายการ", "item code"),
    "quantity": ("จำนวน", "quantity"),
    "served_at": ("วันเวลาให้บริการ", "served at"),
    "charged": ("ยอดเรียกเก็บ", "charged"),
    "file": ("ไฟล์", "file"),
    "amount": ("จำนวนเงิน", "amount"),
    "paid_on": ("วันที่จ่าย", "paid on"),
    "reference": ("เลขอ้างอิง", "reference"),
    "reason": ("เหตุผล", "reason"),
    "birth_date": ("วันเกิด", "birth date"),
    "on": ("ณ วันที่", "on date"),
    "documents": ("เอกสาร", "documents"),
}

_SEGMENT = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?$")


@register.filter
def field_label(value):
    """An error's field as its reader calls it: ``UP-2: lines[1].quantity`` → ``UP-2: รายการที่ 1
    · จำนวน`` (the numbers count from 1, as the files and forms do); a name it does not know
    stays as written."""
    text = str(value or "")
    if not text:
        return ""
    english = (get_language() or "th").startswith("en")
    prefix, sep, path = text.rpartition(": ")
    words = []
    for part in path.split("."):
        m = _SEGMENT.match(part)
        known = _FIELD_WORDS.get(m.group("name")) if m else None
        if known is None:
            return text  # a path it cannot read whole stays as written
        word = known[1] if english else known[0]
        if m.group("index"):
            word = f"{word} {m.group('index')}" if english else f"{word}ที่ {m.group('index')}"
        words.append(word)
    return f"{prefix}{sep}{' · '.join(words)}"
