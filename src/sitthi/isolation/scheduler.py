"""The round closer runs on its own: `sitthi serve` starts this thread, so a deadline closes
even when nobody has a page open. `sitthi isolation close-round` does the same from cron."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections
from django.utils import timezone

log = logging.getLogger("sitthi.isolation")


def start(every_seconds: int = 60) -> threading.Thread:
    stop = threading.Event()

    def loop() -> None:
        from .services import close_round

        while not stop.wait(every_seconds):
            try:
                close_old_connections()
                result = close_round(timezone.now())
                if result["timed_out"]:
                    log.info("round closer: %s", result)
            except Exception:  # keep closing rounds whatever one pass hit
                log.exception("round closer failed; trying again in %s s", every_seconds)
            finally:
                close_old_connections()

    thread = threading.Thread(target=loop, name="isolation-round-closer", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
