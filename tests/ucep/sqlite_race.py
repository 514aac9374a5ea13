"""Run by test_embedded_sqlite: two officers bill one UCEP episode at once on an SQLite file
database (DATABASE_URL), with the demo reference data loaded. Prints the outcomes as JSON."""

from __future__ import annotations

import json
import os
import threading
from datetime import timedelta
from decimal import Decimal


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sitthi.settings"
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from sitthi.claims import frames as fr
    from sitthi.claims.models import Claim
    from sitthi.core.actor import Actor
    from sitthi.core.errors import SitthiError
    from sitthi.core.models import User
    from sitthi.registry import demo
    from sitthi.ucep import services

    now = timezone.now()
    first = Actor.of(User.objects.get(username="hosp_private"))
    second = User.objects.create_user(
        "hosp_private_b", password="x", role="hospital", hospital_id=demo.HOSP_PRIVATE
    )
    e = services.open_episode(
        first, demo.CID_SSS_TO_UC, now - timedelta(hours=3), covid=False, now=now
    )
    services.record_triage(first, e.pk, {"cardiac_arrest": True}, now=now)
    services.add_charges(
        first,
        e.pk,
        [fr.LineIn("H002", Decimal(1), now - timedelta(hours=2), Decimal("1500.00"))],
        now=now,
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def bill(user) -> None:
        try:
            barrier.wait()
            services.make_claim(Actor.of(user), e.pk, ["I46.9"], now=now)
            outcomes.append("billed")
        except SitthiError as exc:
            outcomes.append(exc.items[0].code)
        except Exception as exc:  # what a user would see as a 500
            outcomes.append(f"500 {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=bill, args=(u,)) for u in (first.user, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claims = Claim.objects.filter(claim_key__startswith=f"UCEP-{e.pk}-").count()
    print(json.dumps({"outcomes": sorted(outcomes), "claims": claims}))


if __name__ == "__main__":
    main()
