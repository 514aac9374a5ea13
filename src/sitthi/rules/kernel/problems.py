"""ONE shape for "something is wrong with this input", used by every reader of the project.

A ``Problem`` is where (``file``, ``row`` as Excel or a text editor numbers it — the header is
row 1 — and ``field``, a column name or a dotted path in a document), what (``code``, a
declared ``ErrorCode``) and the offending ``value`` as text. ``params`` fills the message's
other placeholders. A reader collects every problem of an input into a ``Collector`` and, if
there is any, raises ONE ``InputError`` with all of them: an input is accepted whole or not at
all (ARCHITECTURE.md, "Bad input gets a clear error and changes nothing").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sitthi.rules.kernel.codes import REGISTRY, render

#: A message parameter: one text for both languages, or a (Thai, English) pair.
Param = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Problem:
    file: str | None
    row: int | None
    field: str | None
    code: str
    value: str | None = None
    params: dict[str, Param] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.code not in REGISTRY:
            raise KeyError(f"unknown error code {self.code!r}: declare it beside its rules")

    def message(self, lang: str = "th") -> str:
        return render(self.code, lang, self.params, self.value)

    def key(self) -> tuple:
        """The order problems are reported in: file, row, field, code, value."""
        return (self.file or "", self.row or 0, self.field or "", self.code, self.value or "")

    def place(self) -> tuple:
        """File, then row only (file-level problems first): with a stable sort, the problems
        of one row keep the order they were found in (the claims intake reports them so)."""
        return (self.file or "", self.row or 0)

    def __getitem__(self, name: str) -> Any:
        """A plain field by name (``p["row"]``), as readers' callers read the dicts of
        ``{"row", "field", "code", "value"}`` the table readers used to give."""
        if name not in _PLAIN:
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in _PLAIN else default

    def _asdict(self) -> dict[str, Any]:
        """The five plain fields, for tables and Parquet."""
        return {name: getattr(self, name) for name in _PLAIN}

    def as_dict(self) -> dict[str, Any]:
        """The shared error shape (ARCHITECTURE.md, "One error shape everywhere")."""
        return {
            "code": self.code,
            "family": REGISTRY[self.code].family,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "message_th": self.message("th"),
            "message_en": self.message("en"),
        }


_PLAIN = ("file", "row", "field", "code", "value")


def sort_problems(
    problems: Iterable[Problem], key: Callable[[Problem], tuple] = Problem.key
) -> list[Problem]:
    """In report order: by ``Problem.key`` (file, row, field, code, value), or by another
    key said at the call (``Problem.place``: file and row, found order within a row)."""
    return sorted(problems, key=key)


class InputError(ValueError):
    """An input refused whole: ``problems`` lists every problem found, in report order."""

    def __init__(self, problems: Iterable[Problem], origin: str | None = None) -> None:
        self.problems = sort_problems(problems)
        self.origin = origin or next((p.file for p in self.problems if p.file), None) or "input"
        shown = "; ".join(_short(p) for p in self.problems[:10])
        more = f" and {len(self.problems) - 10} more" if len(self.problems) > 10 else ""
        super().__init__(f"{self.origin} rejected, {len(self.problems)} problem(s): {shown}{more}")

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def _short(p: Problem) -> str:
    where = " ".join(x for x in (f"row {p.row}" if p.row else "", p.field or "") if x)
    value = f" ({p.value})" if p.value is not None and p.value != "" else ""
    return f"{where + ': ' if where else ''}{p.code}{value}"


class Collector:
    """Collects the problems of one input while it is read."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self,
        code: str,
        *,
        field: str | None = None,
        row: int | None = None,
        value: object = None,
        file: str | None = None,
        **params: Param,
    ) -> Problem:
        p = Problem(
            file if file is not None else self.file,
            row,
            field,
            code,
            None if value is None else str(value),
            dict(params),
        )
        self.problems.append(p)
        return p

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def raise_if_any(self, origin: str | None = None) -> None:
        if self.problems:
            raise InputError(self.problems, origin or self.file)
