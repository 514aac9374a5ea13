"""Demo UCEP episodes for `make run`, all at a Bangkok private hospital outside the networks and
all notified to the EMS centre, so each inbox has something to show:

* a UC patient admitted 80 hours ago (charges inside and after the 72-hour window), the triage
  confirmed by the centre — past 72 hours, highlighted; in the UC fund's inbox;
* a civil servant whose agency has no hospital (transfer back by the Bangkok queue), 20 hours
  ago, under review;
* an SSS patient 6 hours ago, not emergency-critical, who was told and chose to stay: the
  charges after the choice are the patient's (seed 004); new in the inbox, in the SSS fund's.

The hospitals' phone numbers are made up for the demo."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from sitthi.claims import frames as fr
from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo
from sitthi.registry.models import Hospital

from . import services
from .models import Episode


def load_demo_episodes() -> str:
    if Episode.objects.exists():
        return "demo UCEP episodes: already loaded"
    now = timezone.now().replace(second=0, microsecond=0)
    Hospital.objects.filter(hcode=registry_demo.HOSP_PRIVATE).update(phone="02-000-5100")
    Hospital.objects.filter(hcode=registry_demo.HOSP_PRIVATE_SSS).update(phone="02-000-5200")
    hospital = Actor.of(User.objects.get(username="hosp_private"))
    ems = Actor.of(User.objects.get(username="ems"))
    made = []
    for cid, hours_ago, triage, centre in (
        (registry_demo.CID_UC, 80, {"cardiac_arrest": True}, "confirm"),
        (registry_demo.CID_CSMBS_NO_HOSPITAL, 20, {"shock": True}, "review"),
        (registry_demo.CID_SSS, 6, {"cough": True, "temperature_c": Decimal("37.8")}, None),
    ):
        admitted = now - timedelta(hours=hours_ago)
        episode = services.open_episode(hospital, cid, admitted, covid=False, now=now)
        services.record_triage(hospital, episode.pk, triage, now=admitted + timedelta(minutes=10))
        services.notify_ems(
            hospital,
            episode.pk,
            now=admitted + timedelta(minutes=40),
            contact="ห้องฉุกเฉิน พยาบาลมาลี ต่อ 1101 / ER, nurse Malee, ext. 1101",
        )
        if centre:
            services.ems_act(ems, episode.pk, centre, now=admitted + timedelta(hours=1))
        lines = [
            ("H002", "1", "1500.00", 1),
            ("1002", "1", "6000.00", 20),
            ("7001", "1", "200.00", 2),
        ]
        if hours_ago > 72:
            lines.append(("1002", "1", "6000.00", 75))
        if centre is None:  # told at 1 h, chose to stay at 1.5 h: the later charges are hers
            services.choose_to_stay(
                hospital, episode.pk, admitted + timedelta(hours=1, minutes=30), now=now
            )
            lines = [("H002", "1", "1500.00", 1), ("7001", "1", "200.00", 2)]
        services.add_charges(
            hospital,
            episode.pk,
            [
                fr.LineIn(code, Decimal(q), admitted + timedelta(hours=h), Decimal(amount))
                for code, q, amount, h in lines
                if h < hours_ago
            ],
            now=now,
        )
        made.append(episode.pk)
    return f"demo UCEP episodes: {len(made)}"
