"""Demo isolation units and cases for `make run`: every Bangkok demo hospital becomes a unit
in a Bangkok district, and a few green cases are offered, some to the demo private
hospital (hosp_private) so its inbox shows them."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo
from sitthi.registry.models import Hospital

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
    return f"demo isolation: {Unit.objects.count()} units, {Case.objects.count()} cases"
