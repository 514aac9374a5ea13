"""Citizen IDs never reach a log in full (DOMAIN.md, "Never log a full ID").

An ID is caught as 13 digits in a row (``1101700230708``), in its printed form with dashes or
spaces (``1-1017-00230-70-8``), and inside a URL where a percent escape runs into it
(``?q=%201101700230708``: the ``0`` of ``%20`` is not part of the number)."""

import logging
import re

# Not preceded by a digit, unless that digit ends a percent escape (%20, %3D, ...).
_START = r"(?:(?<=%[0-9A-Fa-f]{2})|(?<!\d))"
_CID = re.compile(_START + r"(\d)(\d{8})(\d{4})(?!\d)")
# The printed groups 1-4-5-2-1, parted by dashes or spaces (at least one of them).
_PRINTED = re.compile(_START + r"(\d)([- ]?)(\d{4})([- ]?)(\d{5})([- ]?)(\d{2})([- ]?)(\d)(?!\d)")


def mask_citizen_id(text: str) -> str:
    """Keep the first digit and the last four of every ID (1xxxxxxxx1234), or of the printed
    form its first digit and last two groups (1-xxxx-xxxxx-12-3)."""
    text = _CID.sub(lambda m: f"{m.group(1)}xxxxxxxx{m.group(3)}", text)
    return _PRINTED.sub(_mask_printed, text)


def _mask_printed(m: re.Match) -> str:
    first, s1, _, s2, _, s3, last_two, s4, last = m.groups()
    return f"{first}{s1}xxxx{s2}xxxxx{s3}{last_two}{s4}{last}"


class MaskCitizenIds(logging.Filter):
    """Logging filter: rewrites the formatted message so that no 13-digit ID survives."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_citizen_id(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class MaskedFormatter(logging.Formatter):
    """A plain formatter whose whole output (message, traceback, stack) is masked: an ID in an
    exception's text (a database error quoting a key) is caught too."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_citizen_id(super().format(record))
