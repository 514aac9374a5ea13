"""Demo UCEP episodes for `make run`: a UC patient at a Bangkok private hospital outside the
UC network, admitted 80 hours ago (charges inside and after the 72-hour window), and a
civil servant whose agency has no hospital (transfer back by the Bangkok queue). Both are
notified to the EMS centre, so its inbox has something to show."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from sitthi.claims import frames as fr
from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo

from . import services
from .models import Episode


def load_demo_episodes() -> str:
    if Episode.objects.exists():
        return "demo UCEP episodes: already loaded"
    now = timezone.now().replace(second=0, microsecond=0)
    hospital = Actor.of(User.objects.get(username="hosp_private"))
    made = []
    for cid, hours_ago, triage in (
        (registry_demo.CID_UC, 80, {"cardiac_arrest": True, "age_years": 58}),
        (registry_demo.CID_CSMBS_NO_HOSPITAL, 20, {"shock": True, "age_years": 47}),
    ):
        admitted = now - timedelta(hours=hours_ago)
        episode = services.open_episode(hospital, cid, admitted, covid=False, now=now)
        services.record_triage(hospital, episode.pk, triage, now=admitted + timedelta(minutes=10))
        services.notify_ems(hospital, episode.pk, now=admitted + timedelta(minutes=40))
        lines = [
            ("H002", "1", "1500.00", 1),
            ("1002", "1", "6000.00", 20),
            ("7001", "1", "200.00", 2),
        ]
        if hours_ago > 72:
            lines.append(("1002", "1", "6000.00", 75))
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
