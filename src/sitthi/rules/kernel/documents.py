"""The collecting reader of a YAML document (a fiscal-year configuration, award criteria):
it reads typed values out of nested mappings and lists and, instead of stopping at the first
problem, files every one in a ``Collector`` as a ``Problem`` whose ``field`` is the dotted path
(``lines[2].rate``). The document is then refused whole with ONE ``InputError``.

Which code each kind of problem gets is the area's choice (``DocumentCodes``), so an allocation
file says ``ALLOC_VALUE_REQUIRED`` and an award file ``DOC_VALUE_REQUIRED``; the generic codes
are declared here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sitthi.rules.kernel.codes import ErrorCode as _C
from sitthi.rules.kernel.codes import declare
from sitthi.rules.kernel.numbers import MAX_TEXT, shown
from sitthi.rules.kernel.problems import Collector

declare(
    _C("DOC_VALUE_REQUIRED", 400, "corrective", "ต้องระบุค่านี้", "A value is required here."),
    _C("DOC_INVALID_VALUE", 400, "corrective", "ค่าไม่ถูกต้อง: {value}", "Invalid value: {value}"),
    _C(
        "DOC_NEGATIVE",
        400,
        "corrective",
        "ค่าต้องไม่ติดลบ: {value}",
        "The value must not be negative: {value}",
    ),
    _C(
        "DOC_NOT_POSITIVE",
        400,
        "corrective",
        "ค่าต้องมากกว่าศูนย์: {value}",
        "The value must be greater than zero: {value}",
    ),
    _C(
        "DOC_PRECISION",
        400,
        "corrective",
        "ค่าละเอียดเกินที่กำหนด: {value}",
        "The value is finer than allowed: {value}",
    ),
    _C(
        "DOC_UNKNOWN_KEY",
        400,
        "corrective",
        "ไม่รู้จักหัวข้อ {value} (พิมพ์ผิดหรือไม่)",
        "Unknown key {value} (a typo?)",
    ),
    _C("DOC_DUPLICATE", 400, "corrective", "ระบุซ้ำ: {value}", "Given twice: {value}"),
    _C(
        "DOC_NOT_A_LIST",
        400,
        "corrective",
        "ต้องเป็นรายการ (list): {value}",
        "Must be a list: {value}",
    ),
)


@dataclass(frozen=True)
class DocumentCodes:
    required: str = "DOC_VALUE_REQUIRED"
    invalid: str = "DOC_INVALID_VALUE"
    negative: str = "DOC_NEGATIVE"
    not_positive: str = "DOC_NOT_POSITIVE"
    precision: str = "DOC_PRECISION"
    unknown_key: str = "DOC_UNKNOWN_KEY"
    duplicate: str = "DOC_DUPLICATE"
    not_a_list: str = "DOC_NOT_A_LIST"


def join(path: str, key: str | int) -> str:
    """``lines`` + 2 -> ``lines[2]``; ``lines[2]`` + ``rate`` -> ``lines[2].rate``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class DocumentReader:
    """Reads nodes, collecting every problem instead of stopping at the first."""

    def __init__(self, file: str | None = None, codes: DocumentCodes | None = None) -> None:
        self.collector = Collector(file)
        self.codes = codes or DocumentCodes()
        #: a section's own ``source``/``note``, by the section's path
        self.sources: dict[str, str] = {}

    @property
    def problems(self):
        return self.collector.problems

    def add(self, path: str, code: str, value: object = "", **params) -> None:
        self.collector.add(code, field=path, value="" if value is None else value, **params)

    def raise_if_any(self) -> None:
        self.collector.raise_if_any()

    # -- shapes -------------------------------------------------------------------------

    def mapping(
        self,
        node: Any,
        path: str,
        allowed: tuple[str, ...] | set[str],
        required: tuple[str, ...] | set[str] = (),
    ) -> dict[str, Any] | None:
        if node is None:
            self.add(path, self.codes.required)
            return None
        if not isinstance(node, Mapping):
            self.add(path, self.codes.invalid, type(node).__name__)
            return None
        for key in node:
            if key not in allowed:
                self.add(join(path, str(key)), self.codes.unknown_key, key)
        # a set has no order of its own: sort it; a tuple is reported in the order given
        for key in sorted(required) if isinstance(required, set | frozenset) else required:
            if node.get(key) is None:
                self.add(join(path, key), self.codes.required)
        return dict(node)

    def items(self, node: Any, path: str, *, required: bool = True) -> list:
        if node is None:
            if required:
                self.add(path, self.codes.required)
            return []
        if not isinstance(node, list):
            self.add(path, self.codes.not_a_list, type(node).__name__)
            return []
        return node

    def note_source(self, m: Mapping[str, Any], path: str) -> None:
        text = " — ".join(str(m[k]) for k in ("source", "note") if m.get(k))
        if text:
            self.sources[path] = text

    def _scalar(self, node: Any, path: str) -> Any:
        """A figure given plainly or as ``{value, source, note}``."""
        if isinstance(node, Mapping):
            m = self.mapping(node, path, ("value", "source", "note"), ("value",))
            if m is None:
                return None
            self.note_source(m, path)
            return m.get("value")
        return node

    # -- values -------------------------------------------------------------------------

    def decimal(
        self,
        node: Any,
        path: str,
        *,
        places: int | None = 2,
        required: bool = True,
        positive: bool = False,
        negative_ok: bool = False,
    ) -> Decimal | None:
        value = self._scalar(node, path)
        if value is None:
            if required:
                self.add(path, self.codes.required)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.add(path, self.codes.invalid, value)
            return None
        # Bounded before any arithmetic (``numbers.MAX_TEXT`` characters, an exponent within
        # ±MAX_TEXT): ``1e300000`` would overflow the quantize below (issue 15).
        text = str(value).replace(",", "").strip()
        if len(text) > MAX_TEXT:
            self.add(path, self.codes.invalid, shown(text))
            return None
        try:
            d = Decimal(text)
        except InvalidOperation:
            self.add(path, self.codes.invalid, value)
            return None
        if not d.is_finite() or abs(d.adjusted()) > MAX_TEXT:
            self.add(path, self.codes.invalid, value)
            return None
        if d < 0 and not negative_ok:
            self.add(path, self.codes.negative, value)
            return None
        if positive and d == 0:
            self.add(path, self.codes.not_positive, value)
            return None
        if places is None:
            return d
        quantum = Decimal(1).scaleb(-places)
        if d != d.quantize(quantum):
            self.add(path, self.codes.precision, value)
            return None
        return d.quantize(quantum)

    def integer(
        self, node: Any, path: str, *, required: bool = True, minimum: int = 0
    ) -> int | None:
        value = self._scalar(node, path)
        if value is None:
            if required:
                self.add(path, self.codes.required)
            return None
        if isinstance(value, str) and len(value.strip()) > MAX_TEXT:
            self.add(path, self.codes.invalid, shown(value.strip()))
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
            self.add(path, self.codes.invalid, shown(value))
            return None
        if isinstance(value, str) and re.fullmatch(r"-?[0-9][0-9,]*", value.strip()):
            value = int(value.replace(",", ""))
        if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > MAX_TEXT:
            self.add(path, self.codes.invalid, shown(value))
            return None
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, self.codes.invalid, value)
            return None
        if value < 0 and minimum >= 0:
            self.add(path, self.codes.negative, value)
            return None
        if value < minimum:
            self.add(path, self.codes.invalid, value)
            return None
        return value

    def text(self, node: Any, path: str, *, required: bool = True) -> str:
        if node is None or (isinstance(node, str) and not node.strip()):
            if required:
                self.add(path, self.codes.required)
            return ""
        if not isinstance(node, str | int):
            self.add(path, self.codes.invalid, node)
            return ""
        return str(node).strip()

    def boolean(self, node: Any, path: str, default: bool = False) -> bool:
        if node is None:
            return default
        if not isinstance(node, bool):
            self.add(path, self.codes.invalid, node)
            return default
        return node

    def choice(self, node: Any, path: str, options: tuple[str, ...]) -> str:
        if node is None:
            self.add(path, self.codes.required)
            return options[0]
        if node not in options:
            self.add(path, self.codes.invalid, node)
            return options[0]
        return str(node)
