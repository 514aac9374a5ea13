"""Demo isolation units and cases for `make run`: every Bangkok demo hospital becomes a unit
in a Bangkok district, and a few green cases are offered, some to the demo private
hospital (hosp_private) so its inbox shows them."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo
from sitthi.registry.models import Hospital
from sitthi.rules.kernel.thaitime import BANGKOK

from . import services
from .models import Case, Unit

DISTRICTS = (
    "พระนคร",
    "ดุสิต",
    "บางรัก",
    "ปทุมวัน",
    "สาทร",
    "บางกะปิ",
    "ห้วยขวาง",
    "จตุจักร",
    "ลาดพร้าว",
    "บางเขน",
    "ธนบุรี",
    "คลองเตย",
    "วัฒนา",
    "บางซื่อ",
    "ราชเทวี",
)


def load_demo_isolation() -> str:
    if Case.objects.exists():
        return "demo isolation cases: already loaded"
    for i, h in enumerate(Hospital.objects.filter(province_id="10").order_by("hcode")):
        district = (
            "บางนา" if h.hcode == registry_demo.HOSP_PRIVATE else DISTRICTS[i % len(DISTRICTS)]
        )
        Unit.objects.get_or_create(
            hospital=h, defaults={"district": district, "daily_capacity": 5 + i % 4 * 5}
        )
    nhso = Actor.of(User.objects.get(username="nhso"))
    now = timezone.now()
    for cid, district in (
        (registry_demo.CID_UC, "บางนา"),
        (registry_demo.CID_SSS, "บางนา"),
        (registry_demo.CID_SSS_TO_UC, "ดุสิต"),
    ):
        services.add_case(
            nhso,
            services.CaseIn(
                citizen_id=cid,
                contact="02-000-0000",
                district=district,
                province="10",
                test_date=now.date().isoformat(),
                setting="HI",
                assessment={
                    "cough": True,
                    "temperature_c": Decimal("37.8"),
                    "spo2_room_air": Decimal("97"),
                    "age_years": 35,
                },
            ),
            now=now,
        )
    _historical_case(nhso)
    return f"demo isolation: {Unit.objects.count()} units, {Case.objects.count()} cases"


def _historical_case(nhso: Actor) -> None:
    """A case of April 2022, when the 2021 HI/CI rates were in force: added on 1 Apr 2022,
    taken by the demo private hospital, cared for 10 days with meals, and claimed — so the
    demo shows a priced HI/CI claim (later cases wait for the rates revised from 15 May 2022,
    an input)."""
    added = datetime(2022, 4, 1, 9, 30, tzinfo=BANGKOK)
    case = services.add_case(
        nhso,
        services.CaseIn(
            citizen_id=registry_demo.CID_SSS,
            contact="02-000-0000",
            district="บางนา",
            province="10",
            test_date="2022-03-31",
            setting="HI",
            assessment={"cough": True, "temperature_c": Decimal("37.6"), "age_years": 42},
        ),
        now=added,
    )
    offer = case.offers.get()
    officer = Actor.of(User.objects.filter(role="hospital", hospital_id=offer.unit_id).first())
    if officer.user is None:
        return
    services.take(officer, case.pk, now=added + timedelta(hours=1))
    services.claim_care(
        officer,
        case.pk,
        services.CareIn(
            started="2022-04-01",
            ended="2022-04-10",
            meals=True,
            care_charge="12000",
            devices_charge="1350",
            drugs_charge="4200",
        ),
        now=datetime(2022, 4, 11, 10, 0, tzinfo=BANGKOK),
    )
