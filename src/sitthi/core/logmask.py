"""Citizen IDs never reach a log in full (DOMAIN.md, "Never log a full ID").

An ID is caught as 13 digits in a row (``1101700230708``), in its printed form with dashes or
spaces (``1-1017-00230-70-8``), and inside a URL where a percent escape runs into it
(``?q=%201101700230708``: the ``0`` of ``%20`` is not part of the number)."""

import logging
import re

# Not preceded by a digit, unless that digit ends a percent escape (%20, %3D, ...).
_START = r"(?:(?<=%[0-9A-Fa-f]{2})|(?<!\d))"
_CID = re.compile(_START + r"(\d)(\d{8})(\d{4})(?!\d)")
_PRINTED = re.compile(_START + r"(\d)([- ])\d{4}\2\d{5}\2(\d{2})\2(\d)(?!\d)")


def mask_citizen_id(text: str) -> str:
    """Keep the first digit and the last four of every ID (1xxxxxxxx1234), or of the printed
    form its first digit and last two groups (1-xxxx-xxxxx-12-3)."""
    text = _CID.sub(lambda m: f"{m.group(1)}xxxxxxxx{m.group(3)}", text)
    return _PRINTED.sub(lambda m: "{0}{1}xxxx{1}xxxxx{1}{2}{1}{3}".format(*m.groups()), text)


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
