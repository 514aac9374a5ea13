"""Run by the fault tests against the (empty) database of its environment: migrates it, loads
the demo reference data (no synthetic persons) and the shipped fee schedules, and makes ``n`` isolation cases offered to the demo private
hospital, ``n`` eligible UCEP episodes of it with a charge to bill, and ``n`` notices to the UC
fund, and two officers (with API tokens) for each side of every race. Prints them as JSON."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal


def main(n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitthi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from sitthi.claims.demo import load_schedules

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test speed
    call_command("migrate", verbosity=0)
    call_command("demo_data", persons=0, seed=1, verbosity=0)
    load_schedules(timezone.now())

    from sitthi.claims import frames as fr
    from sitthi.claims import services as claims
    from sitthi.core.actor import Actor
    from sitthi.core.models import ApiToken, User
    from sitthi.isolation.models import Case, Offer, Unit
    from sitthi.registry import demo
    from sitthi.rules.kernel.thaitime import BANGKOK
    from sitthi.ucep import services as ucep

    now = timezone.now()

    def officer(name: str, **kw) -> User:
        user = User.objects.filter(username=name).first()
        return user or User.objects.create_user(name, password="race-pw-123", **kw)

    def token(user: User) -> str:
        return ApiToken.issue(user, "race", scopes=("read", "submit", "pay"))[1]

    private = [
        officer("hosp_private"),
        officer("hosp_private_b", role="hospital", hospital_id=demo.HOSP_PRIVATE),
    ]
    public = [
        officer("hosp_public"),
        officer("hosp_public_b", role="hospital", hospital_id=demo.HOSP_PUBLIC),
    ]
    funds = [officer("fund_uc"), officer("fund_uc_b", role="fund", fund_id="UCS")]
    nhso = Actor.of(User.objects.get(username="nhso"))

    unit, _ = Unit.objects.get_or_create(
        hospital_id=demo.HOSP_PRIVATE, defaults={"district": "บางนา", "daily_capacity": 1000}
    )
    cases = []
    for _i in range(n):
        case = Case.objects.create(
            citizen_id=demo.CID_UC,
            district="บางนา",
            province_id="10",
            test_date=now.date(),
            setting="HI",
            colour="green",
            status=Case.Status.OFFERED,
            created_at=now,
            created_by=nhso.user,
        )
        Offer.objects.create(case=case, unit=unit, offered_at=now, deadline=now + timedelta(days=1))
        cases.append(case.pk)

    hospital = Actor.of(private[0])
    episodes = []
    for _i in range(n):
        e = ucep.open_episode(
            hospital, demo.CID_SSS_TO_UC, now - timedelta(hours=3), covid=False, now=now
        )
        ucep.record_triage(hospital, e.pk, {"cardiac_arrest": True}, now=now)
        line = fr.LineIn("H002", Decimal(1), now - timedelta(hours=2), Decimal("1500.00"))
        ucep.add_charges(hospital, e.pk, [line], now=now)
        episodes.append(e.pk)

    bodies = [
        claim_in(f"RACE-NOTICE-{i}", datetime(2025, 1 + i % 12, 1 + i // 12, 9, tzinfo=BANGKOK))
        for i in range(n)
    ]
    notices = []
    if bodies:
        sent = fr.frames_from_inputs([to_frames(fr, b) for b in bodies])
        for outcome in claims.submit(Actor.of(public[0]), sent, via="api", now=now):
            assert outcome.claim.state == "accepted", outcome
            claims.mark_documents_complete(nhso, outcome.claim.pk, now=now)
            notice = claims.create_notice(nhso, "UCS", [outcome.claim.pk], now=now)
            notices.append({"id": notice.pk, "amount": f"{notice.total:.2f}"})

    print(
        json.dumps(
            {
                "session": session_of(public[0]),
                "private": [token(u) for u in private],
                "public": [token(u) for u in public],
                "funds": [token(u) for u in funds],
                "cases": cases,
                "episodes": episodes,
                "notices": notices,
                "paid_on": date.today().isoformat(),
            }
        )
    )


def session_of(user) -> str:
    """The key of a logged-in session of ``user`` (as the login page would make it)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def claim_in(key: str, when: datetime) -> dict:
    """An OP claim of the demo public hospital for the demo UC member that the shipped
    illustrative schedule accepts and prices (the API's JSON shape)."""
    from sitthi.registry import demo

    return {
        "claim_key": key,
        "hospital": demo.HOSP_PUBLIC,
        "citizen_id": demo.CID_UC,
        "service_type": "OP",
        "admitted_at": when.isoformat(),
        "discharged_at": None,
        "diagnoses": [{"code": "J06.9", "dx_type": "1"}],
        "lines": [
            {
                "item_code": "H001",
                "quantity": "1",
                "served_at": when.isoformat(),
                "charged": "600.00",
            },
            {
                "item_code": "7001",
                "quantity": "1",
                "served_at": when.isoformat(),
                "charged": "180.00",
            },
        ],
    }


def to_frames(fr, body: dict):
    return fr.ClaimIn(
        claim_key=body["claim_key"],
        hospital=body["hospital"],
        citizen_id=body["citizen_id"],
        service_type=body["service_type"],
        admitted_at=datetime.fromisoformat(body["admitted_at"]),
        discharged_at=None,
        diagnoses=[fr.DiagnosisIn(d["code"], d["dx_type"]) for d in body["diagnoses"]],
        lines=[
            fr.LineIn(
                ln["item_code"],
                Decimal(ln["quantity"]),
                datetime.fromisoformat(ln["served_at"]),
                Decimal(ln["charged"]),
            )
            for ln in body["lines"]
        ],
    )


def bare() -> None:
    """For the restart test: the migrated database, one hospital officer with an API token and
    a logged-in session, and nothing more (no demo data: quicker)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitthi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test speed
    call_command("migrate", verbosity=0)
    from sitthi.core.models import ApiToken, User
    from sitthi.registry.models import Hospital

    Hospital.objects.create(
        hcode="10670", name_th="โรงพยาบาลทดสอบ", ownership="public", province_id="40"
    )
    user = User.objects.create_user("kk", password="x", role="hospital", hospital_id="10670")
    print(json.dumps({"public": [ApiToken.issue(user, "t")[1]], "session": session_of(user)}))


if __name__ == "__main__":
    bare() if sys.argv[1] == "bare" else main(int(sys.argv[1]))
