"""Every log record of a test run, written as production writes it (JSON lines through the
citizen-ID mask) to ``test-artifacts/run-log.jsonl``; at the end of the session the run fails
if any line holds a full citizen ID (13 digits with a valid check digit, run together or in
the printed form 1-2345-67890-12-3). Hooked in by ``tests/conftest.py``.

Test fixtures create many valid IDs; only those that reach a log record are looked for, so a
fixture ID that never reaches a log is never flagged."""

from __future__ import annotations

import logging
import logging.config
import os
import re
from pathlib import Path

import pytest

from sitthi.core.logmask import MaskCitizenIds
from sitthi.core.observe import JsonFormatter, RequestContext
from sitthi.rules.citizen_id import check_digit

RUN_LOG = Path(os.environ.get("SITTHI_TEST_ARTIFACTS", "test-artifacts")) / "run-log.jsonl"
_DIGITS = re.compile(r"(?<!\d)(\d)[- ]?(\d{4})[- ]?(\d{5})[- ]?(\d{2})[- ]?(\d)(?!\d)")
_handler: logging.Handler | None = None


def full_citizen_ids(line: str) -> list[str]:
    """The valid 13-digit citizen IDs written in ``line``."""
    found = []
    for m in _DIGITS.finditer(line):
        digits = "".join(m.groups())
        if int(digits[12]) == check_digit(digits[:12]):
            found.append(digits)
    return found


def start() -> None:
    global _handler
    RUN_LOG.parent.mkdir(parents=True, exist_ok=True)
    RUN_LOG.write_text("", encoding="utf-8")
    # Appending: Django's logging set-up, run again whenever a module calls django.setup()
    # (importing sitthi.wsgi does), closes every handler; the file reopens where it was.
    _handler = logging.FileHandler(RUN_LOG, mode="a", encoding="utf-8")
    _handler.addFilter(MaskCitizenIds())
    _handler.addFilter(RequestContext())
    _handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(_handler)
    configure = logging.config.dictConfig

    def configure_and_keep_the_run_log(config):  # that set-up also drops the root's handlers
        configure(config)
        if _handler is not None and _handler not in logging.getLogger().handlers:
            logging.getLogger().addHandler(_handler)

    configure_and_keep_the_run_log.original = configure
    logging.config.dictConfig = configure_and_keep_the_run_log


def finish(session: pytest.Session) -> None:
    global _handler
    if _handler is None:
        return
    logging.config.dictConfig = getattr(
        logging.config.dictConfig, "original", logging.config.dictConfig
    )
    logging.getLogger().removeHandler(_handler)
    _handler.close()
    _handler = None
    leaks = []
    with RUN_LOG.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if full_citizen_ids(line):
                leaks.append(f"{RUN_LOG}:{number}: {line.strip()[:300]}")
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"{len(leaks)} log line(s) of this run hold a full citizen ID:\n" + "\n".join(
            leaks[:10]
        )
        if reporter is not None:
            reporter.write_line(message, red=True, bold=True)
        else:
            print(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
