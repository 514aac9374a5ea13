"""Citizen IDs never reach a log in full (DOMAIN.md, "Never log a full ID")."""

import logging
import re

_CID = re.compile(r"(?<!\d)(\d)(\d{8})(\d{4})(?!\d)")


def mask_citizen_id(text: str) -> str:
    """Keep the first digit and the last four of every 13-digit run: 1-xxxx-xxxx-1234 style."""
    return _CID.sub(lambda m: f"{m.group(1)}xxxxxxxx{m.group(3)}", text)


class MaskCitizenIds(logging.Filter):
    """Logging filter: rewrites the formatted message so that no 13-digit ID survives."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_citizen_id(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
