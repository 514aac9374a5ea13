"""Error codes: each area declares its own, beside its rules; ``sitthi.core.errors`` is the
index that gathers them (and the API documents them from there).

A code is a stable string (``CID_CHECK_DIGIT``), the HTTP status it answers with, its e-Claim
family (FACTS.md, "Error codes": *corrective* data to fix, *deny* not payable, *verify* needs
checking; *request* is a problem with the call itself) and a Thai and an English message whose
``{placeholders}`` a problem fills.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FAMILIES = ("corrective", "deny", "verify", "request")


@dataclass(frozen=True)
class ErrorCode:
    code: str
    status: int
    family: str
    th: str
    en: str

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"{self.code}: family {self.family!r} is not one of {FAMILIES}")


#: Every code declared so far, by code. Filled by ``declare`` as the areas are imported.
REGISTRY: dict[str, ErrorCode] = {}


def declare(*codes: ErrorCode) -> dict[str, ErrorCode]:
    """Add ``codes`` to the registry and return them by code. Declaring a code twice with a
    different meaning is an error (two areas may not give one code two messages)."""
    out: dict[str, ErrorCode] = {}
    for c in codes:
        known = REGISTRY.get(c.code)
        if known is not None and known != c:
            raise ValueError(f"error code {c.code} declared twice with different texts")
        REGISTRY[c.code] = c
        out[c.code] = c
    return out


def corrective(texts: dict[str, tuple[str, str]], status: int = 400) -> tuple[ErrorCode, ...]:
    """Codes given as ``{CODE: (thai, english)}``, all corrective problems of an input."""
    return tuple(ErrorCode(code, status, "corrective", th, en) for code, (th, en) in texts.items())


def declared(codes: Iterable[str]) -> list[str]:
    """The codes of ``codes`` that nobody has declared (for tests of an area's codes)."""
    return [c for c in codes if c not in REGISTRY]


class _Fill(dict):
    """A placeholder with no value falls back to the problem's value, or an ellipsis."""

    def __init__(self, values: dict, fallback: str = "") -> None:
        super().__init__(values)
        self.fallback = fallback or "…"

    def __missing__(self, key: str) -> str:
        return self.fallback


def render(code: str, lang: str, params: dict | None = None, value: str | None = None) -> str:
    """The message of ``code`` in Thai (``lang`` "th…") or English, placeholders filled from
    ``params`` (a text, or a (Thai, English) pair) and, failing that, from ``value``."""
    entry = REGISTRY[code]
    index = 0 if lang.startswith("th") else 1
    values = {k: (v[index] if isinstance(v, tuple) else v) for k, v in (params or {}).items()}
    return (entry.th if index == 0 else entry.en).format_map(_Fill(values, value or ""))
