"""Hostile values the review sent to every number a form, an API or a file takes: each must
be a coded 4xx, never a 500, a slow request or a stored row (ARCHITECTURE.md, "Conventions":
a number from outside is bounded before any arithmetic)."""

from __future__ import annotations

import json

#: As text (a form field, a JSON string).
HOSTILE_TEXT = ["1e300000", "-1e300000", "NaN", "Infinity", "1" + "0" * 400, "0x10"]
#: As JSON number literals (the body is written by hand: Python's json would not).
HOSTILE_JSON = ["1e300000", "-1e300000", "NaN", "Infinity", "1" + "0" * 400]
#: The codes a refused number may answer with.
NUMBER_CODES = {"NUMBER_INVALID", "NUMBER_OUT_OF_RANGE", "REQUEST_INVALID"}


def body_with(payload: dict, marker: str, literal: str) -> str:
    """``payload`` as JSON with the string ``marker`` replaced by the bare ``literal``."""
    text = json.dumps(payload)
    assert f'"{marker}"' in text
    return text.replace(f'"{marker}"', literal)


def error_codes(response) -> set[str]:
    assert response.status_code == 400, (response.status_code, response.content[:500])
    return {e["code"] for e in response.json()["errors"]}
