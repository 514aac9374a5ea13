"""The one strict YAML reader of the law's data and of uploaded configurations.

PyYAML's SafeLoader with four refusals: a duplicate key (PyYAML would keep the last value
silently), a merge key (it hides where a value comes from), a float (read instead as the exact
``Decimal`` of its text; ``.inf``/``.nan`` are refused) and a YAML 1.1 oddity such as ``010``
(octal 8) or ``72:00`` (sexagesimal 4320). Integers are read as ``int`` or, with
``integers=Decimal``, as Decimal (the parameter files keep every number a Decimal).
An impossible date (2017-02-30) is reported at its line.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from sitthi.rules.kernel.numbers import MAX_TEXT, shown


class YamlError(ValueError):
    """The text is not acceptable YAML; ``origin`` names it, ``problem`` says why (with the
    line and column PyYAML gives)."""

    def __init__(self, origin: str, problem: str) -> None:
        self.origin, self.problem = origin, problem
        super().__init__(f"{origin}: {problem}")


class _NoAliases(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases: ``*name`` is refused where it is
    read, so a "billion laughs" text (aliases of aliases, 10^9 leaves from a few hundred bytes)
    never becomes a structure that anything could walk or store (issue 15)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(
                None, None, "aliases (*name) and merge keys (<<) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def read_plain_yaml(text: str | bytes, *, origin: str | None = None) -> Any:
    """``yaml.safe_load`` (floats as floats, dates as dates) without aliases; any problem is a
    ``YamlError``. For documents stored as they were written (a fiscal-year file)."""
    try:
        return yaml.load(text, Loader=_NoAliases)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise YamlError(origin or "<yaml>", f"rejected while reading YAML: {exc}") from None


class _Strict(_NoAliases):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: list[Any] = []
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConstructorError(
                    None, None, "merge keys (<<) are not allowed", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.append(key)
        return super().construct_mapping(node, deep=deep)


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ConstructorError(
            None, None, f"{text!r} is not a finite decimal number", node.start_mark
        )
    # Bounded before any arithmetic: ``1e300000`` is a finite Decimal that no rule may
    # multiply (ARCHITECTURE.md, "Conventions").
    if len(text) > MAX_TEXT or abs(number.adjusted()) > MAX_TEXT:
        raise ConstructorError(None, None, f"{shown(text)!r} is out of range", node.start_mark)
    return number


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")


def _plain_int_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if not _PLAIN_INT.match(text):
        raise ConstructorError(
            None, None, f"write {shown(text)!r} as a plain decimal number", node.start_mark
        )
    if len(text) > MAX_TEXT:
        raise ConstructorError(None, None, f"{shown(text)!r} is out of range", node.start_mark)
    return text


def _date(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise ConstructorError(None, None, f"{node.value!r}: {exc}", node.start_mark) from None


class _StrictInt(_Strict):
    """Integers as ``int``."""


class _StrictDecimal(_Strict):
    """Integers as ``Decimal`` too."""


for _loader in (_StrictInt, _StrictDecimal):
    _loader.add_constructor("tag:yaml.org,2002:float", _decimal)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _date)
_StrictInt.add_constructor("tag:yaml.org,2002:int", lambda lo, n: int(_plain_int_text(lo, n)))
_StrictDecimal.add_constructor(
    "tag:yaml.org,2002:int", lambda lo, n: Decimal(_plain_int_text(lo, n))
)


def read_yaml(
    source: str | bytes | Path | IO[bytes], *, origin: str | None = None, integers: type = int
) -> Any:
    """Parse ``source`` (a path, bytes, text or a binary stream) strictly.

    Any syntax error, duplicate or merge key, odd number, impossible date or a text that is
    not UTF-8 is a ``YamlError`` naming ``origin`` (default: the path, or ``<yaml>``).
    """
    loader = _StrictDecimal if integers is Decimal else _StrictInt
    if isinstance(source, Path):
        origin = origin or str(source)
        try:
            with source.open("rb") as stream:
                return yaml.load(stream, Loader=loader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise YamlError(origin, f"rejected while reading YAML: {exc}") from None
    try:
        return yaml.load(source, Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise YamlError(origin or "<yaml>", f"rejected while reading YAML: {exc}") from None
