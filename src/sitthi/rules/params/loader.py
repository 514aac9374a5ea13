"""Strict loader for dated rule parameters (one YAML file per parameter).

A parameter is a rate, ceiling, deadline or window with its unit, and a list of
values each in force over an inclusive date range and citing its source. The
folder tree under the scalars root is the name: ``scalars/ucep/coverage_window_hours.yaml``
is ``ucep.coverage_window_hours``. Anything doubtful is an error, never a default.

Pure: no Django, database, network or clock. Callers pass the date (Asia/Bangkok).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sitthi.rules.kernel.yamlio import YamlError, read_yaml

PARAMS_ROOT = Path(__file__).parent
#: The law's data has one home, ``rules/params/``, in three kinds:
SCALARS_ROOT = PARAMS_ROOT / "scalars"  # dated scalars: one YAML file per parameter (this loader)
TABLES_ROOT = PARAMS_ROOT / "tables"  # dated tables: CSV (fee schedules, code lists)
DOCUMENTS_ROOT = PARAMS_ROOT / "documents"  # dated documents: a fiscal year, a criteria set
DATA_ROOT = SCALARS_ROOT  # the scalars' former name (``params/data/``), kept as an alias
FORMAT = "sitthi.params/1"  # part of the hash: a change of serialisation is deliberate

_IDENT = re.compile(r"[a-z][a-z0-9_]*\Z")
_SUFFIXES = (".yaml", ".yml")
_FILE_KEYS = frozenset({"unit", "description_th", "description_en", "values"})
_VALUE_KEYS = frozenset({"from", "until", "value", "source", "note", "unit", "confirmed"})
_VALUE_REQUIRED = frozenset({"from", "value", "source"})


class ParamError(Exception):
    """Base of every parameter error."""


class ParamFileError(ParamError, ValueError):
    """A bad parameter file (or override); the message names the file and the problem."""

    def __init__(self, file: str | Path, problem: str, index: int | None = None) -> None:
        self.file, self.problem, self.index = str(file), problem, index
        where = f"{self.file}: values[{index}]" if index is not None else self.file
        super().__init__(f"{where}: {problem}")


class ParamLookupError(ParamError, LookupError):
    """A lookup by an unknown name, or on a date outside every declared range."""


class _FrozenMap(Mapping):
    """A read-only mapping value: parameter values are shared by every caller."""

    __slots__ = ("_d",)

    def __init__(self, items: Mapping[Any, Any]) -> None:
        self._d = dict(items)

    def __getitem__(self, key: Any) -> Any:
        return self._d[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __repr__(self) -> str:
        return f"{{{', '.join(f'{k!r}: {v!r}' for k, v in self._d.items())}}}"

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, e.g. for Spark workers
        return (_FrozenMap, (self._d,))


# --- YAML ------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    """Parse one file with the kernel's strict reader (no duplicate or merge keys, numbers as
    exact Decimals, impossible dates refused); any problem becomes a ParamFileError."""
    try:
        return read_yaml(path, integers=Decimal)
    except YamlError as exc:
        raise ParamFileError(path, exc.problem) from None


# --- values ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParamValue:
    """One value of a parameter, in force from ``valid_from`` to ``valid_until`` inclusive."""

    name: str
    value: Any
    unit: str
    valid_from: date
    valid_until: date | None  # None: open-ended
    source: str
    note: str | None = None
    #: False for a labelled default awaiting confirmation (FACTS.md marks it [?]): usable, but
    #: every page that shows it says so. Written ``confirmed: false`` in the file.
    confirmed: bool = True

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    @property
    def span(self) -> str:
        return f"{self.valid_from.isoformat()}..{self.valid_until.isoformat() if self.valid_until else 'open'}"


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named parameter: one unit, its descriptions, and values sorted by start date."""

    name: str
    unit: str
    description_th: str
    description_en: str
    values: tuple[ParamValue, ...]
    origin: str = field(default="", compare=False)  # the file (or override) it came from

    def at(self, on: date) -> ParamValue:
        """The value in force on ``on``; a date in no declared range is an error."""
        _check_date(on)
        for v in self.values:
            if v.covers(on):
                return v
        spans = ", ".join(v.span for v in self.values)
        raise ParamLookupError(
            f"{self.name}: no value in force on {on.isoformat()}; declared ranges: {spans}"
        )


def _is_day(d: object) -> bool:
    """A calendar day; a datetime is not one (its day depends on the time zone)."""
    return isinstance(d, date) and not isinstance(d, datetime)


def _check_date(on: object) -> None:
    """Lookups take a day: the caller converts an aware datetime in Asia/Bangkok."""
    if not _is_day(on):
        raise TypeError(
            f"a parameter lookup takes a datetime.date, not {type(on).__name__}; "
            "convert an aware datetime to its Asia/Bangkok date first"
        )


def _freeze(v: Any, fail: Any) -> Any:
    """Normalise a value: numbers to exact Decimal, lists to tuples, mappings read-only.

    Refuses float (inexact), null (a missing value in disguise) and datetime (a time
    where a day is meant).
    """
    if isinstance(v, bool | str):
        return v
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, Decimal):
        return v if v.is_finite() else fail(f"{v} is not a finite number")
    if isinstance(v, float):
        return fail(f"float {v!r} is inexact: give a Decimal or write the number in YAML")
    if isinstance(v, datetime):
        return fail(f"{v!r} has a time of day: a value may hold a date, not a datetime")
    if isinstance(v, date):
        return v
    if isinstance(v, list | tuple):
        return tuple(_freeze(x, fail) for x in v)
    if isinstance(v, Mapping):
        return _FrozenMap({_freeze(k, fail): _freeze(x, fail) for k, x in v.items()})
    return fail(f"{'null' if v is None else type(v).__name__} is not an allowed value")


def _kind(v: Any) -> str:
    for kind, types in (
        ("flag", bool),
        ("number", Decimal),
        ("text", str),
        ("date", date),
        ("list", tuple),
    ):
        if isinstance(v, types):
            return kind
    return "mapping"


def _text(raw: Mapping[str, Any], key: str, fail: Any) -> str:
    """A required, non-empty string (a unit, a description, a source)."""
    v = raw.get(key)
    if v is None:
        fail(f"missing {key!r}")
    if not isinstance(v, str) or not v.strip():
        fail(f"{key!r} must be a non-empty text, got {v!r}")
    return v.strip()


def _check_keys(
    raw: Mapping[str, Any], allowed: frozenset[str], required: frozenset[str], fail: Any
) -> None:
    """Unknown keys are typos (``untill:``) that would otherwise be ignored."""
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    missing = sorted(required - raw.keys())
    if missing:
        fail(f"missing {', '.join(repr(k) for k in missing)}")


def _parse_value(name: str, unit: str, raw: Any, origin: str, i: int) -> ParamValue:
    """One dated value: a date range, a cited source, and no unit of its own."""

    def fail(problem: str) -> Any:
        raise ParamFileError(origin, problem, i)

    if not isinstance(raw, Mapping):
        fail("each value must be a mapping with from, value and source")
    _check_keys(raw, _VALUE_KEYS, _VALUE_REQUIRED, fail)
    start, end = raw["from"], raw.get("until")
    if not _is_day(start):
        fail(f"'from' must be a date written YYYY-MM-DD, got {start!r}")
    if end is not None and not _is_day(end):
        fail(f"'until' must be a date written YYYY-MM-DD, got {end!r}")
    if end is not None and end < start:
        fail(f"'until' {end.isoformat()} is before 'from' {start.isoformat()}")
    if "unit" in raw and raw["unit"] != unit:
        fail(
            f"unit {raw['unit']!r} differs from the parameter's unit {unit!r}: a new unit needs a new parameter"
        )
    note = raw.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        fail(f"'note' must be a non-empty text, got {note!r}")
    confirmed = raw.get("confirmed", True)
    if confirmed is not False and confirmed is not True:
        fail(f"'confirmed' must be true or false, got {confirmed!r}")
    if confirmed is False and note is None:
        fail("an unconfirmed value needs a 'note' saying what is to be confirmed")
    return ParamValue(
        name=name,
        value=_freeze(raw["value"], fail),
        unit=unit,
        valid_from=start,
        valid_until=end,
        source=_text(raw, "source", fail),
        note=note.strip() if note else None,
        confirmed=confirmed,
    )


def _parse_values(name: str, unit: str, raw: Any, origin: str) -> tuple[ParamValue, ...]:
    """All values of one parameter: one kind of value, and no two ranges sharing a day."""
    if not isinstance(raw, list | tuple) or not raw:
        raise ParamFileError(origin, "'values' must be a non-empty list")
    parsed = [_parse_value(name, unit, v, origin, i) for i, v in enumerate(raw)]
    for i, v in enumerate(parsed):
        if _kind(v.value) != _kind(parsed[0].value):
            kinds = f"{_kind(v.value)} but values[0] is a {_kind(parsed[0].value)}"
            raise ParamFileError(origin, f"value is a {kinds}: one parameter, one kind", i)
    order = sorted(range(len(parsed)), key=lambda i: parsed[i].valid_from)
    for i, j in zip(order, order[1:], strict=False):
        a, b = parsed[i], parsed[j]
        if a.valid_until is None or a.valid_until >= b.valid_from:
            raise ParamFileError(origin, f"range {b.span} overlaps values[{i}] ({a.span})", j)
    return tuple(parsed[i] for i in order)


def _parse_parameter(name: str, raw: Any, origin: str) -> Parameter:
    """One parameter file's content, checked whole."""

    def fail(problem: str) -> Any:
        raise ParamFileError(origin, problem)

    if not isinstance(raw, Mapping):
        fail(f"must hold a mapping with {', '.join(sorted(_FILE_KEYS))}, got {type(raw).__name__}")
    _check_keys(raw, _FILE_KEYS, _FILE_KEYS, fail)
    unit = _text(raw, "unit", fail)
    return Parameter(
        name=name,
        unit=unit,
        description_th=_text(raw, "description_th", fail),
        description_en=_text(raw, "description_en", fail),
        values=_parse_values(name, unit, raw["values"], origin),
        origin=origin,
    )


# --- the set ---------------------------------------------------------------------------


def _canon(v: Any) -> Any:
    """A JSON-able, type-tagged form of a value, so that 72 and "72" hash differently."""
    if isinstance(v, bool):
        return ["flag", v]
    if isinstance(v, Decimal):
        return ["number", str(v)]
    if isinstance(v, str):
        return ["text", v]
    if isinstance(v, date):
        return ["date", v.isoformat()]
    if isinstance(v, tuple):
        return ["list", [_canon(x) for x in v]]
    return ["mapping", sorted([_canon(k), _canon(x)] for k, x in v.items())]


def _uncanon(v: Any) -> Any:
    """The value ``_canon`` tagged, back (an archived set's values, exactly as loaded)."""
    kind, x = v
    if kind == "flag":
        return bool(x)
    if kind == "number":
        return Decimal(x)
    if kind == "text":
        return x
    if kind == "date":
        return date.fromisoformat(x)
    if kind == "list":
        return tuple(_uncanon(i) for i in x)
    if kind == "mapping":
        return _FrozenMap({_uncanon(k): _uncanon(i) for k, i in x})
    raise ParamError(f"an archived value of unknown kind {kind!r}")


class ParameterSet:
    """An immutable set of parameters, identified by its content hash.

    Build it with ``load_parameters``, ``from_mapping`` or ``with_overrides``, which
    validate; the constructor trusts the ``Parameter`` objects it is given.

    ``files`` maps the tables and documents the set ships with (``tables/…``,
    ``documents/…``, relative paths) to the sha256 of their bytes, so that one content hash
    covers all three kinds of the law's data. It enters the hash only when non-empty: a set
    built from scalars alone keeps the hash it always had.
    """

    def __init__(
        self, parameters: Iterable[Parameter], files: Mapping[str, str] | None = None
    ) -> None:
        self._files: dict[str, str] = dict(sorted((files or {}).items()))
        self._params: dict[str, Parameter] = {}
        for p in parameters:
            if p.name in self._params:
                raise ParamError(
                    f"parameter {p.name!r} given twice ({self._params[p.name].origin}, {p.origin})"
                )
            self._params[p.name] = p
        payload = {
            "format": FORMAT,
            "parameters": [
                {
                    "name": p.name,
                    "unit": p.unit,
                    "description_th": p.description_th,
                    "description_en": p.description_en,
                    "values": [
                        [
                            v.valid_from.isoformat(),
                            v.valid_until and v.valid_until.isoformat(),
                            _canon(v.value),
                            v.source,
                            v.note,
                            # only when false, so that earlier sets keep their hashes
                            *([] if v.confirmed else ["unconfirmed"]),
                        ]
                        for v in p.values
                    ],
                }
                for _, p in sorted(self._params.items())
            ],
            # only when given, so that sets of scalars alone keep their hashes
            **({"files": self._files} if self._files else {}),
        }
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        self._hash = hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical content: blind to file order, layout and comments (of the
        scalars; a table's or document's every byte counts)."""
        return self._hash

    @property
    def files(self) -> Mapping[str, str]:
        """The tables' and documents' digests the hash covers (relative path → sha256)."""
        return _FrozenMap(self._files)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Mapping[str, Any]], origin: str = "<mapping>"
    ) -> ParameterSet:
        """Build from ``{name: file content}``, validated exactly as files are (for tests)."""
        for name in data:
            if not all(_IDENT.match(part) for part in str(name).split(".")):
                raise ParamFileError(f"{origin} {name}", "a name is dotted lowercase identifiers")
        return cls(_parse_parameter(n, raw, f"{origin} {n}") for n, raw in data.items())

    def document(self) -> dict[str, Any]:
        """The whole set as JSON-able data (values type-tagged as the hash tags them), from
        which ``from_document`` rebuilds the same set, with the same content hash: what the
        database archives for every version a decision used (issue 18, replay)."""
        return {
            "format": FORMAT,
            "parameters": [
                {
                    "name": p.name,
                    "unit": p.unit,
                    "description_th": p.description_th,
                    "description_en": p.description_en,
                    "origin": p.origin,
                    "values": [
                        {
                            "from": v.valid_from.isoformat(),
                            "until": v.valid_until and v.valid_until.isoformat(),
                            "value": _canon(v.value),
                            "source": v.source,
                            "note": v.note,
                            "confirmed": v.confirmed,
                        }
                        for v in p.values
                    ],
                }
                for _, p in sorted(self._params.items())
            ],
            "files": dict(self._files),
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> ParameterSet:
        """The set ``document()`` wrote. A document of another format is refused."""
        if doc.get("format") != FORMAT:
            raise ParamError(f"an archived parameter set of format {doc.get('format')!r}")
        params = []
        for p in doc["parameters"]:
            values = tuple(
                ParamValue(
                    name=p["name"],
                    value=_uncanon(v["value"]),
                    unit=p["unit"],
                    valid_from=date.fromisoformat(v["from"]),
                    valid_until=date.fromisoformat(v["until"]) if v["until"] else None,
                    source=v["source"],
                    note=v["note"],
                    confirmed=v["confirmed"],
                )
                for v in p["values"]
            )
            params.append(
                Parameter(
                    p["name"],
                    p["unit"],
                    p["description_th"],
                    p["description_en"],
                    values,
                    p.get("origin", "<archive>"),
                )
            )
        return cls(params, doc.get("files") or {})

    @property
    def version(self) -> str:
        """The first 12 hex digits of the content hash, stored with every decision."""
        return self.content_hash[:12]

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._params))

    def __contains__(self, name: object) -> bool:
        return name in self._params

    def __len__(self) -> int:
        return len(self._params)

    def __repr__(self) -> str:
        return f"<ParameterSet {len(self)} parameters, version {self.version}>"

    def parameter(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise ParamLookupError(f"unknown parameter {name!r}") from None

    def value(self, name: str, on: date) -> ParamValue:
        """The value of ``name`` in force on ``on``; never a default."""
        _check_date(on)
        return self.parameter(name).at(on)

    get = value

    def with_overrides(self, overrides: Mapping[str, Sequence[Mapping[str, Any]]]) -> ParameterSet:
        """A new set with the listed parameters' values replaced ("what if these rates had applied").

        Each override is a list of values shaped like a file's ``values:`` (``from``,
        ``until``, ``value``, ``source``, ``note``) and is validated the same way; the
        unit and descriptions stay the parameter's own.
        """
        params = dict(self._params)
        for name, values in overrides.items():
            p = self.parameter(name)
            origin = f"<override of {name}>"
            params[name] = Parameter(
                name,
                p.unit,
                p.description_th,
                p.description_en,
                _parse_values(name, p.unit, list(values), origin),
                origin,
            )
        return ParameterSet(params.values(), self._files)


def _name_for(path: Path, root: Path) -> str:
    """The dotted name from the folder tree; each part a lowercase identifier."""
    rel = path.relative_to(root)
    parts = [*rel.parts[:-1], rel.name[: -len(rel.suffix)]]
    if rel.suffix not in _SUFFIXES or not all(_IDENT.match(p) for p in parts):
        raise ParamFileError(
            path,
            "a parameter's folders and file name must be lowercase identifiers ([a-z][a-z0-9_]*) ending .yaml",
        )
    return ".".join(parts)


def file_digests(**folders: Path | None) -> dict[str, str]:
    """sha256 of every file's bytes under each named folder, keyed ``name/relative/path``
    (``file_digests(tables=TABLES_ROOT)`` → ``{"tables/icd10_tm_additions.csv": "…"}``).
    A folder given but missing is an error; ``None`` is skipped."""
    out: dict[str, str] = {}
    for label, folder in folders.items():
        if folder is None:
            continue
        folder = Path(folder)
        if not folder.is_dir():
            raise ParamError(f"{folder}: the {label} folder is not a folder")
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = "/".join((label, *path.relative_to(folder).parts))
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def load_parameters(
    root: Path | None = None, *, tables: Path | None = None, documents: Path | None = None
) -> ParameterSet:
    """Load every ``*.yaml``/``*.yml`` under ``root`` (default: the shipped ``scalars/``), all or nothing.

    The set's content hash also covers the bytes of every file under ``tables`` and
    ``documents``: by default (no ``root``) the shipped ``tables/`` and ``documents/``; with a
    ``root`` only the folders given (none: the scalars alone, as before).
    """
    if root is None:
        root = DATA_ROOT
        tables = TABLES_ROOT if tables is None else tables
        documents = DOCUMENTS_ROOT if documents is None else documents
    root = Path(root)
    if not root.is_dir():
        raise ParamError(f"{root}: the parameter root is not a folder")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
    if not files:
        raise ParamError(f"{root}: no parameter files (*.yaml)")
    seen: dict[str, Path] = {}
    params = []
    for path in files:
        name = _name_for(path, root)
        if name in seen:
            raise ParamFileError(path, f"maps to the same name {name!r} as {seen[name]}")
        seen[name] = path
        params.append(_parse_parameter(name, _read_yaml(path), str(path)))
    return ParameterSet(params, file_digests(tables=tables, documents=documents))


@cache
def default_parameters() -> ParameterSet:
    """The shipped parameter set, loaded once per process."""
    return load_parameters()
