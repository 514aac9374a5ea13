"""Demo initial-assistance requests for `make run`: forty requests of the three programmes,
received over the last year and a half at hospitals across the country, carried through the
committee's steps as far as their age allows — a few late, one appeal that raised the award,
some rejected — so the queue, the report and the public page have something to show.

Reproducible: a fixed seed; each step is taken with the clock of its own day.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker
from pypdf import PdfWriter

from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo
from sitthi.registry.models import Hospital
from sitthi.rules import assistance as rules
from sitthi.rules.citizen_id import check_digit
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date
from sitthi.rules.params import default_parameters

from . import services
from .documents import Upload
from .models import Request

SEED = 2567
COUNT = 40

WHAT = {
    "section41": (
        "หลังผ่าตัดไส้ติ่งมีการติดเชื้อที่แผลผ่าตัด ต้องกลับมารักษาตัวในโรงพยาบาลอีก 14 วัน",
        "แพ้ยาปฏิชีวนะที่ได้รับทางหลอดเลือดดำ เกิดผื่นรุนแรงทั้งตัว",
        "ทารกขาดออกซิเจนระหว่างคลอด มีพัฒนาการล่าช้า",
        "ล้มในหอผู้ป่วยระหว่างพักฟื้น กระดูกสะโพกหัก",
    ),
    "provider": (
        "พยาบาลถูกเข็มที่ใช้กับผู้ป่วยตำมือระหว่างให้ยา ต้องรับยาป้องกันการติดเชื้อ",
        "เจ้าหน้าที่ติดเชื้อวัณโรคจากการดูแลผู้ป่วยในหอผู้ป่วย",
        "พนักงานขับรถพยาบาลได้รับบาดเจ็บจากอุบัติเหตุระหว่างส่งต่อผู้ป่วย",
    ),
    "vaccine": (
        "หลังรับวัคซีนโควิด 19 เข็มที่ 2 มีอาการกล้ามเนื้อหัวใจอักเสบ",
        "หลังรับวัคซีน มีอาการแขนขาอ่อนแรง ต้องทำกายภาพบำบัดต่อเนื่อง",
        "แพ้วัคซีนรุนแรง (anaphylaxis) ต้องรักษาในหอผู้ป่วยวิกฤต",
    ),
}
REJECT_REASONS = (
    "ความเสียหายเป็นไปตามพยาธิสภาพของโรค ไม่ได้เกิดจากการรักษาพยาบาล",
    "ข้อมูลและเอกสารไม่เพียงพอต่อการพิจารณา และผู้ยื่นไม่ได้ส่งเพิ่มเติมภายในเวลาที่กำหนด",
)


def _cid(rng: random.Random) -> str:
    body = str(rng.randint(1, 8)) + f"{rng.randrange(10**11):011d}"
    return body + str(check_digit(body))


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), BANGKOK)


def load_demo_assistance() -> str:
    if Request.objects.exists():
        return "demo assistance requests: already loaded"
    registry_demo.ensure_users()
    sec = Actor.of(User.objects.get(username="secretary"))
    rng = random.Random(SEED)
    fake = Faker("th_TH")
    fake.seed_instance(SEED)
    today = bangkok_date(timezone.now())
    hospitals = list(Hospital.objects.filter(ownership="public").order_by("hcode"))
    if not hospitals:
        return "demo assistance: no hospitals (run demo-data first)"
    pdf = _pdf()
    params = default_parameters()
    appeals = 0
    for i in range(COUNT):
        programme = rng.choices(list(rules.PROGRAMMES), weights=(5, 2, 3))[0]
        age = rng.randint(2, 520)
        received = today - timedelta(days=age)
        harm = received - timedelta(days=rng.randint(7, 200))
        learned = harm
        if programme == "section41" and i % 9 == 4:
            received = harm + timedelta(days=370 + rng.randint(0, 40))  # late: over a year
            age = (today - received).days
            if age < 2:
                continue
        relation = rng.choices(["self", "heir", "representative"], weights=(6, 2, 1))[0]
        harmed_name = f"{fake.first_name()} {fake.last_name()}"
        req = services.register(
            sec,
            services.RequestIn(
                programme=programme,
                harmed_cid=_cid(rng),
                harmed_name=harmed_name,
                relation=relation,
                requester_cid="" if relation == "self" else _cid(rng),
                requester_name=""
                if relation == "self"
                else f"{fake.first_name()} {fake.last_name()}",
                requester_contact=f"08{rng.randrange(10**8):08d}",
                hospital=rng.choice(hospitals).hcode,
                harm_on=harm.isoformat(),
                learned_on=learned.isoformat(),
                received_on=received.isoformat(),
                description=rng.choice(WHAT[programme]),
            ),
            [Upload("คำร้องและเวชระเบียน.pdf", pdf)],
            now=_at(received),
        )
        if age < 20:
            continue
        meeting = received + timedelta(days=rng.randint(14, 30))
        services.schedule(sec, req.number, meeting.isoformat(), now=_at(received + timedelta(3)))
        if meeting > today:
            continue
        ceilings = rules.ceilings(programme, harm, params)
        if rng.random() < 0.8:
            category = rng.choice(rules.CATEGORIES)
            c = ceilings[category]
            low = c.low or Decimal("10000")
            amount = Decimal(
                rng.randrange(int(low), int(c.high) + 1, 5000) if c.high > low else low
            )
            services.decide(
                sec,
                req.number,
                services.DecisionIn("approved", meeting.isoformat(), category, str(amount)),
                now=_at(meeting),
            )
            paid_on = meeting + timedelta(days=rng.randint(7, 21))
            if paid_on <= today:
                services.pay(sec, req.number, paid_on.isoformat(), f"TR{i:05d}", now=_at(paid_on))
            if appeals < 2 and category == "injury" and paid_on + timedelta(40) < today:
                appeals += 1
                got = paid_on + timedelta(days=10)
                services.appeal(
                    sec, req.number, got.isoformat(), "ขอให้ทบทวนระดับความเสียหาย", now=_at(got)
                )
                again = got + timedelta(days=14)
                services.schedule(sec, req.number, again.isoformat(), now=_at(got))
                higher = ceilings["organ_loss"]
                services.decide(
                    sec,
                    req.number,
                    services.DecisionIn(
                        "approved",
                        again.isoformat(),
                        "organ_loss",
                        str(higher.low or higher.high - 40000),
                        "มีหลักฐานเพิ่มเติมว่าสูญเสียการทำงานของอวัยวะ",
                    ),
                    now=_at(again),
                )
                if again + timedelta(10) <= today:
                    day = again + timedelta(10)
                    services.pay(sec, req.number, day.isoformat(), f"TR{i:05d}A", now=_at(day))
        else:
            services.decide(
                sec,
                req.number,
                services.DecisionIn(
                    "rejected", meeting.isoformat(), reasons=rng.choice(REJECT_REASONS)
                ),
                now=_at(meeting),
            )
    return f"demo assistance: {Request.objects.count()} requests, {appeals} appeal(s)"
