"""Every error the system answers with, in one place: the index that gathers the codes each
area declares beside its rules (``sitthi.rules.kernel.codes.declare``), and the error that
carries them out of a service.

A code is a stable string, its e-Claim family, the HTTP status, and a Thai and an English
message. The families follow e-Claim (FACTS.md, "Error codes"): *corrective* (data to fix),
*deny* (not payable), *verify* (needs checking); *request* covers problems with the call
itself (authentication, permissions, a malformed parameter).

Where each area's codes are declared (``AREAS`` imports them in the catalogue's order):

- ``sitthi.rules.allocation.errors``: ALLOC_*
- ``sitthi.rules.kernel.documents``: DOC_*
- ``sitthi.rules.finance.brightspot.codes``: the award readers' BRIGHT_*
- ``sitthi.rules.finance.risk``: the statement reader's FIN_*
- ``sitthi.rules.kernel.tables``: FILE_*, COLUMN_*, DUPLICATE_IN_FILE and the cell codes
  (VALUE_REQUIRED, NUMBER_INVALID, NUMBER_OUT_OF_RANGE, DATETIME_INVALID, VALUE_INVALID,
  COLUMN_UNKNOWN)
- ``sitthi.rules.rights.codes``: identifiers, the dates of a right
- ``sitthi.core.access_codes``: the call itself (authentication, roles, scope, request)
- ``sitthi.rules.claims.codes``: claims' edits, the fee schedule's, the flow, ROW_ORPHAN
- ``sitthi.rules.ucep.codes``: UCEP
- ``sitthi.rules.isolation.codes``: isolation (HI Portal)
- ``sitthi.rules.assistance.codes``: initial assistance (ASSIST_*)
- ``sitthi.rules.finance.codes``: finance's service codes (FIN_*, BRIGHT_*)
- ``sitthi.jobs.codes``: background jobs (JOB_*)
- ``sitthi.exchange.codes``: the change feed and webhooks (EVENTS_*, WEBHOOK_*)
- ``sitthi.fhir.codes``: FHIR messages that are not the FHIR Sitthi takes (FHIR_*)
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sitthi.rules.kernel import thaitime
from sitthi.rules.kernel.codes import REGISTRY, ErrorCode
from sitthi.rules.kernel.problems import Problem

#: The modules that declare codes, in the order the catalogue lists them (the error-code page
#: and the API document show them so). Imported by name so that sorting imports cannot
#: reorder the catalogue.
AREAS = (
    "sitthi.rules.allocation.errors",
    "sitthi.rules.finance.brightspot",
    "sitthi.rules.finance.risk",
    "sitthi.rules.kernel.documents",
    "sitthi.rules.kernel.tables",
    "sitthi.rules.rights.codes",
    "sitthi.core.access_codes",
    "sitthi.rules.claims.codes",
    "sitthi.rules.ucep.codes",
    "sitthi.rules.isolation.codes",
    "sitthi.rules.assistance.codes",
    "sitthi.rules.finance.codes",
    "sitthi.jobs.codes",
    "sitthi.exchange.codes",
    "sitthi.fhir.codes",
)
for _area in AREAS:
    importlib.import_module(_area)

#: Every code of every area, by code: the areas declare theirs beside their rules
#: (``sitthi.rules.kernel.codes.declare``); importing them here gathers the whole catalogue.
CATALOGUE: dict[str, ErrorCode] = REGISTRY


class _Params(dict):
    """A message placeholder with no value shows as an ellipsis rather than failing."""

    def __missing__(self, key: str) -> str:
        return "…"


@dataclass(frozen=True)
class ErrorItem:
    code: str
    field: str | None = None
    params: dict = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict:
        entry = CATALOGUE[self.code]
        return {
            "code": self.code,
            "family": entry.family,
            "field": self.field,
            "message_th": entry.th.format_map(_Params(self._in(0))),
            "message_en": entry.en.format_map(_Params(self._in(1))),
        }

    def _in(self, index: int) -> dict:
        """The params in one language: a (Thai, English) pair gives its ``index`` part; a
        date is shown as Thai readers read it, in the Buddhist Era (1 มี.ค. 2567)."""
        lang = "th" if index == 0 else "en"

        def shown(v):
            v = v[index] if isinstance(v, tuple) else v
            return thaitime.be_date(v, lang) if isinstance(v, date) else v

        return {k: shown(v) for k, v in self.params.items()}


class SitthiError(Exception):
    """Raised by services for bad input or refused access. Nothing has been written when it
    is raised (services raise before they save, inside their transaction)."""

    def __init__(self, *items: ErrorItem):
        for item in items:
            if item.code not in CATALOGUE:
                raise KeyError(f"unknown error code {item.code!r}: add it to sitthi.core.errors")
        self.items = list(items)
        super().__init__(", ".join(i.code for i in items))

    @classmethod
    def one(cls, code: str, field: str | None = None, **params) -> SitthiError:
        return cls(ErrorItem(code, field, params))

    @classmethod
    def of_problems(cls, problems: Iterable[Problem]) -> SitthiError:
        """A reader's problems (``sitthi.rules.kernel.problems``) as the error a service
        raises: each its code, its field (``file`` for a problem of the whole file) and its
        value and message parameters."""
        return cls(
            *(
                ErrorItem(
                    p.code,
                    p.field or "file",
                    {**p.params, **({} if p.value is None else {"value": p.value})},
                )
                for p in problems
            )
        )

    @property
    def status(self) -> int:
        return max(CATALOGUE[i.code].status for i in self.items)

    def as_dict(self) -> dict:
        return {"errors": [i.as_dict() for i in self.items]}


def validate_all(*steps):
    """Run every check (zero-argument callables) and report all their problems together,
    not the first only; returns their results in order."""
    results, problems = [], []
    for step in steps:
        try:
            results.append(step())
        except SitthiError as exc:
            problems += exc.items
            results.append(None)
    if problems:
        raise SitthiError(*problems)
    return results
