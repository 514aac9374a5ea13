"""Bright Spot: the problem codes and their messages, and the errors that carry them."""

from __future__ import annotations

from sitthi.rules.kernel.codes import corrective, declare

# -- messages ------------------------------------------------------------------------------

TEXTS: dict[str, tuple[str, str]] = {
    "BRIGHT_OVER_QUOTA": (
        "จังหวัดเสนอหน่วยบริการเกินจำนวนที่กำหนดของระดับบริการนี้ ({value})",
        "The province nominated more units than allowed for this service level ({value}).",
    ),
    "BRIGHT_DUPLICATE": (
        "เสนอหน่วยบริการซ้ำ ({value})",
        "The unit is given twice ({value}).",
    ),
    "BRIGHT_LEVEL_UNKNOWN": (
        "ไม่รู้จักระดับบริการ ({value}) ต้องเป็น A S M1 M2 F1 F2 หรือ F3",
        "Unknown service level ({value}): it must be A, S, M1, M2, F1, F2 or F3.",
    ),
    "BRIGHT_INPUT_MISSING": (
        "ยังไม่ได้กรอกข้อมูล ({value})",
        "A figure is missing ({value}).",
    ),
    "BRIGHT_INPUT_UNKNOWN": (
        "ไม่รู้จักข้อมูลนี้ในเกณฑ์ ({value})",
        "The criteria have no such figure ({value}).",
    ),
    "BRIGHT_INPUT_TYPE": (
        "ชนิดข้อมูลไม่ถูกต้อง: ผลพิจารณาของคณะกรรมการต้องเป็น ใช่/ไม่ใช่ ตัวเลขต้องเป็นทศนิยมแบบแม่นยำ ({value})",
        "Wrong kind of value: a committee finding is yes/no, a figure an exact decimal ({value}).",
    ),
    "BRIGHT_NO_STATISTICS": (
        "ไม่มีค่าสถิติของกลุ่มสำหรับข้อมูลนี้ ({value})",
        "There are no group statistics for this figure ({value}).",
    ),
    "BRIGHT_CRITERIA_INVALID": (
        "เกณฑ์การประเมินไม่ถูกต้อง: {value}",
        "The award criteria are invalid: {value}",
    ),
}

declare(*corrective(TEXTS))


def message(code: str, value: object = "", lang: str = "th") -> str:
    """The Thai (``lang="th"``) or English text of ``code`` with ``value`` filled in."""
    th, en = TEXTS[code]
    return (th if lang == "th" else en).format(value=value)


class CriteriaError(ValueError):
    """The criteria file is refused; ``problems`` lists every problem found, in words, and
    ``issues`` the same as kernel ``Problem``s (BRIGHT_CRITERIA_INVALID, the path as field)."""

    def __init__(self, origin: str, problems: list[str], issues: list | None = None) -> None:
        self.origin, self.problems, self.issues = origin, problems, list(issues or [])
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{origin}: {len(problems)} problem(s) in the award criteria:\n{lines}")


class ScoreInputError(ValueError):
    """A submission cannot be scored: ``code`` is a key of ``TEXTS``, ``detail`` its value."""

    def __init__(self, code: str, detail: str) -> None:
        self.code, self.detail = code, detail
        super().__init__(f"{code}: {message(code, detail, 'en')}")
