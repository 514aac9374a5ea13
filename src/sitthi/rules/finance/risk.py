"""The MOPH financial-crisis risk score of a hospital ("Risk Scoring", levels 0–7), from its
quarter-end statement (DOMAIN.md §6; seed 002_80e7afba8787ed6d.txt, section
"การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน"; FACTS.md "Hospital risk score [I]").

The seed gives five ratios (CR, QR, Cash ratio, NWC, NI), three groups of flags (1.1–1.3
liquidity, 2.1–2.2 financial standing, 3.1–3.2 time until working capital runs out, "< 3 เดือน*"
weighing double) and the meaning of each level 0–7; levels 6 and 7 are the watch list
("ประเมินทุกสิ้นไตรมาส ... ระดับ 7 ... และระดับ 6"). How the points add up to a level is our
reading of published worked rows (FACTS.md, marked [I]): liquidity 0–3 + standing 0–2 +
survival 0–2, where the survival group gives 2 when fewer than 3 months are left and 1 when
3 to under 6 months are left — never both, so it never exceeds 2 and the level never exceeds 7.

Pure: no Django, database, network or clock. Money and ratios are exact ``Decimal``; every
threshold is compared exactly (as fractions, never rounded first), so a ratio exactly at a
threshold never fires and one satang below always does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction

from sitthi.rules.kernel.codes import corrective, declare, render
from sitthi.rules.kernel.numbers import MAX_TEXT, shown
from sitthi.rules.kernel.problems import Problem as KernelProblem

#: The figures of a statement, in the order a form or spreadsheet gives them.
FIELDS: tuple[str, ...] = (
    "current_assets",
    "inventory",
    "other_current_assets",
    "cash_and_equivalents",
    "fixed_deposits",
    "current_liabilities",
    "revenue",
    "expenses",
    "depreciation",
)

#: field -> (Thai, English) label; the seed's words where it has them. Besides the nine
#: figures, the three other fields a problem can name (hospital, fiscal_year, quarter).
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "current_assets": ("สินทรัพย์หมุนเวียน", "current assets"),
    "inventory": ("สินค้าคงเหลือ", "inventory"),
    "other_current_assets": ("สินทรัพย์หมุนเวียนอื่น", "other current assets"),
    "cash_and_equivalents": (
        "เงินสดและรายการเทียบเท่าเงินสด",
        "cash and cash equivalents",
    ),
    "fixed_deposits": ("เงินฝากประจำ", "fixed deposits"),
    "current_liabilities": ("หนี้สินหมุนเวียน", "current liabilities"),
    "revenue": ("รวมรายได้", "total revenue"),
    "expenses": ("รวมค่าใช้จ่าย", "total expenses"),
    "depreciation": ("ค่าเสื่อมราคาและค่าตัดจำหน่าย", "depreciation and amortisation"),
    "hospital": ("รหัสหน่วยบริการ", "hospital code"),
    "fiscal_year": ("ปีงบประมาณ", "fiscal year"),
    "quarter": ("ไตรมาส", "quarter"),
}

#: Every problem a statement can have, as a stable code with a Thai and an English message
#: (Thai first). ``{value}`` is the offending value as text.
TEXTS: dict[str, tuple[str, str]] = {
    "FIN_VALUE_REQUIRED": (
        "ต้องระบุค่านี้",
        "A value is required here.",
    ),
    "FIN_NOT_A_NUMBER": (
        "ไม่ใช่ตัวเลขจำนวนเงิน: {value}",
        "Not an amount of money: {value}",
    ),
    "FIN_PRECISION": (
        "ค่าละเอียดเกินที่กำหนด (เงินละเอียดได้ถึงสตางค์ คือทศนิยม 2 ตำแหน่ง): {value}",
        "The value is finer than allowed (money to the satang, two decimals): {value}",
    ),
    "FIN_OUT_OF_RANGE": (
        "จำนวนเงินเกินที่รับได้ (ไม่เกิน 14 หลักก่อนจุดทศนิยม): {value}",
        "The amount is out of range (at most 14 digits before the decimal point): {value}",
    ),
    "FIN_NEGATIVE": (
        "ค่าต้องไม่ติดลบ: {value}",
        "The value must not be negative: {value}",
    ),
    "FIN_PARTS_OVER_TOTAL": (
        "ผลรวมของรายการย่อยเกินสินทรัพย์หมุนเวียน: {value}",
        "The parts add up to more than the current assets: {value}",
    ),
    "FIN_QUARTER": (
        "ไตรมาสต้องเป็นเลข 1 ถึง 4: {value}",
        "The quarter must be a number from 1 to 4: {value}",
    ),
    "FIN_FISCAL_YEAR": (
        "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2565: {value}",
        "The fiscal year must be a Buddhist-Era year such as 2565: {value}",
    ),
    "FIN_DUPLICATE": (
        "หน่วยบริการนี้ระบุซ้ำ: {value}",
        "This hospital is given twice: {value}",
    ),
}

#: level -> (Thai meaning, word for word from the seed; English). The seed groups 0 and 1
#: ("ระดับ 0 – 1 ปกติ").
LEVELS: dict[int, tuple[str, str]] = {
    0: ("ปกติ", "normal"),
    1: ("ปกติ", "normal"),
    2: ("คาดว่าจะดีขึ้นภายใน 3 เดือน", "expected to improve within 3 months"),
    3: ("คาดว่าจะดีขึ้นภายหลัง 3 เดือน", "expected to improve after 3 months"),
    4: ("คาดว่าจะประสบปัญหาภายหลัง 6 เดือน", "expected to run into trouble after 6 months"),
    5: ("คาดว่าจะประสบปัญหาภายใน 6 เดือน", "expected to run into trouble within 6 months"),
    6: ("คาดว่าจะประสบปัญหาภายใน 3 เดือน", "expected to run into trouble within 3 months"),
    7: ("มีภาวะวิกฤตทางการเงินขั้นรุนแรง", "severe financial crisis"),
}

#: The watch list: level 7 (severe crisis) and level 6 (trouble expected within 3 months).
WATCH_LEVELS = (6, 7)

#: The flag keys of a result, in the seed's order of groups (1.1–1.3, 2.1–2.2, 3.2, 3.1).
FLAGS: tuple[str, ...] = (
    "cr_below_1_5",
    "qr_below_1",
    "cash_below_0_8",
    "nwc_negative",
    "ni_negative",
    "months_below_6",
    "months_below_3",
)

# The seed's thresholds (section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน").
CR_THRESHOLD = Decimal("1.5")
QR_THRESHOLD = Decimal("1.0")
CASH_THRESHOLD = Decimal("0.8")
MONTHS_SEVERE = 3
MONTHS_WARNING = 6

#: Decimal digits of the ratios shown (the comparisons themselves are exact fractions).
RATIO_DIGITS = 28
#: Sums and differences of amounts are worked with this many digits, far beyond any real
#: statement, so they are exact.
_SUM_DIGITS = 100
#: A fiscal year before this is not a Buddhist-Era year (2022 typed for 2565).
BE_YEAR_FLOOR = 2400


declare(*corrective(TEXTS))


def Problem(field: str, code: str, value: str) -> KernelProblem:  # noqa: N802 (a constructor)
    """A statement's problem: the kernel's one ``Problem`` with no file or row (a statement is
    a form or one row of a batch; the batch files it by hospital)."""
    return KernelProblem(None, None, field, code, value)


def message(p: KernelProblem, lang: str = "th") -> str:
    """The problem as text in Thai (default) or English."""
    return render(p.code, lang, {"value": p.value or ""})


@dataclass(frozen=True)
class Statement:
    """A hospital's figures at the end of a quarter (seed 002_80e7afba8787ed6d.txt, section
    "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน": the items the five ratios use).

    ``fiscal_year`` is Buddhist Era (2565). Balance-sheet items are at the quarter's end;
    revenue, expenses and depreciation are fiscal-year-to-date (see ``months``).
    """

    hospital: str
    fiscal_year: int
    quarter: int
    current_assets: Decimal
    inventory: Decimal
    other_current_assets: Decimal
    cash_and_equivalents: Decimal
    fixed_deposits: Decimal
    current_liabilities: Decimal
    revenue: Decimal
    expenses: Decimal
    depreciation: Decimal

    def __post_init__(self) -> None:
        """A quarter outside 1–4 cannot be built (seed: "ประเมินทุกสิ้นไตรมาส")."""
        if isinstance(self.quarter, bool) or self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1..4, not {self.quarter!r}")

    @property
    def months(self) -> int:
        """The months the revenue, expenses and depreciation cover: 3 × quarter.

        Our reading: the seed says only "ประเมินทุกสิ้นไตรมาส" (assessed at every quarter's
        end). Our reading is that the income-statement figures are fiscal-year-to-date (the
        Thai fiscal year starts in October): Q1 = October–December = 3 months … Q4 = 12 months.
        """
        return 3 * self.quarter


# --- reading the figures -----------------------------------------------------------------

# A plain number or one with thousands separators in threes ("1,234.50"); no exponent,
# currency sign or lone commas ("1,2,3"). An accountant's negative "(1,234.50)" is read as
# negative so it is refused as negative rather than as not a number.
_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_NUMBER = re.compile(rf"([+-]?)({_DIGITS})\Z")
_BRACKETED = re.compile(rf"\(({_DIGITS})\)\Z")


#: Digits a figure may have before the decimal point (the stored columns: 16 digits, 2 places).
MAX_WHOLE_DIGITS = 14


def _plain(s: str) -> str | None:
    """Text of a number as Decimal reads it ("(1,234.50)" -> "-1234.50"), or None."""
    if m := _NUMBER.match(s):
        return m.group(1) + m.group(2).replace(",", "")
    if m := _BRACKETED.match(s):
        return "-" + m.group(1).replace(",", "")
    return None


def _blank(v: object) -> bool:
    """Nothing given: None, or text of spaces only."""
    return v is None or (isinstance(v, str) and not v.strip())


def _amount(name: str, v: object, problems: list[KernelProblem]) -> Decimal | None:
    """One figure as an exact, non-negative amount to the satang, or None with a problem added.

    Seed 002_80e7afba8787ed6d.txt, section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน":
    every item the ratios use is an amount of money that cannot be negative (a loss shows as
    expenses above revenue, NI < 0, not as a negative figure).

    Accepted: ``int``, ``Decimal``, text ("1234.50", "1,234.50") and — since spreadsheets
    give numeric cells as floats — ``float``, read through its shortest text (``1234.5`` →
    ``Decimal("1234.5")``), so it is exactly the number the cell shows; a float with binary
    noise (0.1 + 0.2) is then refused as finer than a satang. ``bool``, NaN and infinities are
    refused as not a number. Trailing zeros ("1.500") are not "finer than a satang".
    """
    if _blank(v):
        problems.append(Problem(name, "FIN_VALUE_REQUIRED", ""))
        return None
    # Bounded before any arithmetic (ARCHITECTURE.md, "Conventions"): a figure has at most
    # MAX_WHOLE_DIGITS digits before the point (the statement's columns hold 16 digits, 2 of
    # them satang); a longer text or a bigger number is FIN_OUT_OF_RANGE, shown shortened.
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 64:
        problems.append(Problem(name, "FIN_OUT_OF_RANGE", shown(v)))
        return None
    raw = v.strip() if isinstance(v, str) else str(v)
    if len(raw) > MAX_TEXT:
        code = "FIN_OUT_OF_RANGE" if _plain(raw) is not None else "FIN_NOT_A_NUMBER"
        problems.append(Problem(name, code, shown(raw)))
        return None
    d: Decimal | None = None
    if isinstance(v, bool):
        d = None
    elif isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, Decimal):
        d = v if v.is_finite() else None
    elif isinstance(v, float):
        d = Decimal(repr(v)) if v == v and abs(v) != float("inf") else None
    elif isinstance(v, str):
        text = _plain(raw)
        if text is not None:
            try:
                d = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
                d = None
    if d is None:
        problems.append(Problem(name, "FIN_NOT_A_NUMBER", raw))
        return None
    if d and d.adjusted() >= MAX_WHOLE_DIGITS:
        problems.append(Problem(name, "FIN_OUT_OF_RANGE", raw))
        return None
    if (Fraction(d) * 100).denominator != 1:
        problems.append(Problem(name, "FIN_PRECISION", raw))
        return None
    if d < 0:
        problems.append(Problem(name, "FIN_NEGATIVE", raw))
        return None
    return abs(d)  # -0 as 0


def _text(d: Decimal) -> str:
    """An amount for a message: "3,000.01"."""
    return f"{d:,.2f}"


def parse_statement(
    raw: Mapping[str, object], *, hospital: str, fiscal_year: int, quarter: int
) -> tuple[Statement | None, list[KernelProblem]]:
    """A statement from raw figures (a form, an uploaded row), with every problem at once.

    Seed 002_80e7afba8787ed6d.txt, section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน":
    QR subtracts inventory and other current assets from current assets, and the cash ratio
    takes cash, equivalents and fixed deposits out of them, so those parts cannot add up to
    more than the current assets (``FIN_PARTS_OVER_TOTAL``, reported on ``inventory`` and on
    ``cash_and_equivalents``). The seed assesses at each quarter's end: quarter 1–4
    (``FIN_QUARTER``); the fiscal year is Buddhist Era (``FIN_FISCAL_YEAR`` below 2400).

    Each of ``FIELDS`` is read by ``_amount``; keys of ``raw`` outside ``FIELDS`` are ignored
    (a spreadsheet row may carry the hospital's name and other columns). The statement is
    None whenever there is any problem.
    """
    problems: list[KernelProblem] = []
    code = hospital.strip() if isinstance(hospital, str) else ""
    if not code:
        problems.append(Problem("hospital", "FIN_VALUE_REQUIRED", ""))
    if (
        isinstance(fiscal_year, bool)
        or not isinstance(fiscal_year, int)
        or fiscal_year < BE_YEAR_FLOOR
    ):
        problems.append(Problem("fiscal_year", "FIN_FISCAL_YEAR", str(fiscal_year)))
    if isinstance(quarter, bool) or not isinstance(quarter, int) or quarter not in (1, 2, 3, 4):
        problems.append(Problem("quarter", "FIN_QUARTER", str(quarter)))

    values = {name: _amount(name, raw.get(name), problems) for name in FIELDS}

    ca = values["current_assets"]
    inv, oca = values["inventory"], values["other_current_assets"]
    if ca is not None and inv is not None and oca is not None and inv + oca > ca:
        problems.append(
            Problem("inventory", "FIN_PARTS_OVER_TOTAL", f"{_text(inv + oca)} > {_text(ca)}")
        )
    cash, fd = values["cash_and_equivalents"], values["fixed_deposits"]
    if ca is not None and cash is not None and fd is not None and cash + fd > ca:
        problems.append(
            Problem(
                "cash_and_equivalents", "FIN_PARTS_OVER_TOTAL", f"{_text(cash + fd)} > {_text(ca)}"
            )
        )

    if problems:
        return None, problems
    amounts: dict[str, Decimal] = {k: v for k, v in values.items() if v is not None}
    return (
        Statement(hospital=code, fiscal_year=fiscal_year, quarter=quarter, **amounts),
        [],
    )


# --- the score ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskResult:
    statement: Statement
    #: the ratios; None when there are no current liabilities (no debt: no liquidity flag)
    cr: Decimal | None
    qr: Decimal | None
    cash_ratio: Decimal | None
    nwc: Decimal
    ni: Decimal
    #: NI + depreciation and amortisation (shown; the flags use NI)
    ebitda: Decimal
    #: average net income a month: NI / months covered
    ani: Decimal
    #: months until working capital runs out (NWC / −ANI); None when not running out (NI ≥ 0)
    months_left: Decimal | None
    #: flag -> points, keys exactly ``FLAGS`` in that order
    flags: dict[str, int] = field(hash=False)
    score: int
    level: int
    meaning_th: str
    meaning_en: str

    @property
    def watch(self) -> bool:
        """On the watch list: level 6 or 7 (seed 002_80e7afba8787ed6d.txt, "กำหนดให้หน่วยบริการ
        ที่ได้ระดับ 7 ... และระดับ 6"; DOMAIN.md §6)."""
        return self.level in WATCH_LEVELS


def _survival_points(nwc: Fraction, ni: Fraction, months: int) -> tuple[int, int]:
    """(months_below_6, months_below_3) points from the time working capital lasts.

    Seed 002_80e7afba8787ed6d.txt, section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน",
    3.1 "NWC/ANI ระยะเวลาทุนหมุนเวียนหมด < 3 เดือน*" (weighing double) and 3.2 "< 6 เดือน";
    FACTS.md "Hospital risk score [I]": survival 0–2, "< 3 → 2, < 6 → 1" — one or the other.
    No loss (NI ≥ 0): capital is not running out, no points. A loss with NWC ≤ 0: none left,
    0 months, 2 points. Otherwise months = NWC / (−NI / months covered), compared exactly.
    """
    if ni >= 0:
        return 0, 0
    left = Fraction(0) if nwc <= 0 else nwc * months / -ni
    if left < MONTHS_SEVERE:
        return 0, 2
    if left < MONTHS_WARNING:
        return 1, 0
    return 0, 0


def assess(st: Statement) -> RiskResult:
    """The risk level 0–7 of one statement.

    Seed 002_80e7afba8787ed6d.txt, section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน":
    CR = สินทรัพย์หมุนเวียน / หนี้สินหมุนเวียน; QR = (สินทรัพย์หมุนเวียน − สินค้าคงเหลือ −
    สินทรัพย์หมุนเวียนอื่น) / หนี้สินหมุนเวียน; Cash = (เงินสด + รายการเทียบเท่าเงินสด +
    เงินฝากประจำ) / หนี้สินหมุนเวียน; NWC = สินทรัพย์หมุนเวียน − หนี้สินหมุนเวียน; NI = รวมรายได้ −
    รวมค่าใช้จ่าย. Flags 1.1 CR < 1.5, 1.2 QR < 1.0, 1.3 Cash < 0.8, 2.1 NWC < 0, 2.2 NI < 0 — each
    strict, one point — and the survival group (``_survival_points``). FACTS.md "Hospital
    risk score [I]": the level is the sum of the points; the meaning is the seed's (``LEVELS``).

    With no current liabilities the ratios are undefined (None) and, there being no debt to
    meet, no liquidity flag fires.
    """
    with localcontext() as ctx:
        ctx.prec = _SUM_DIGITS
        nwc = st.current_assets - st.current_liabilities
        ni = st.revenue - st.expenses
        ebitda = ni + st.depreciation
        quick = st.current_assets - st.inventory - st.other_current_assets
        cash = st.cash_and_equivalents + st.fixed_deposits

    cl = Fraction(st.current_liabilities)
    flags = dict.fromkeys(FLAGS, 0)
    cr = qr = cash_ratio = None
    with localcontext() as ctx:
        ctx.prec = RATIO_DIGITS
        if cl > 0:
            cr = st.current_assets / st.current_liabilities
            qr = quick / st.current_liabilities
            cash_ratio = cash / st.current_liabilities
            flags["cr_below_1_5"] = int(Fraction(st.current_assets) < Fraction(CR_THRESHOLD) * cl)
            flags["qr_below_1"] = int(Fraction(quick) < Fraction(QR_THRESHOLD) * cl)
            flags["cash_below_0_8"] = int(Fraction(cash) < Fraction(CASH_THRESHOLD) * cl)
        flags["nwc_negative"] = int(nwc < 0)
        flags["ni_negative"] = int(ni < 0)
        flags["months_below_6"], flags["months_below_3"] = _survival_points(
            Fraction(nwc), Fraction(ni), st.months
        )
        ani = ni / st.months
        if ni >= 0:
            months_left = None
        elif nwc <= 0:
            months_left = Decimal(0)
        else:
            months_left = nwc * st.months / -ni  # = NWC / −ANI without rounding ANI first

    score = sum(flags.values())
    th, en = LEVELS[score]
    return RiskResult(
        statement=st,
        cr=cr,
        qr=qr,
        cash_ratio=cash_ratio,
        nwc=nwc,
        ni=ni,
        ebitda=ebitda,
        ani=ani,
        months_left=months_left,
        flags=flags,
        score=score,
        level=score,
        meaning_th=th,
        meaning_en=en,
    )


def assess_many(
    rows: Iterable[tuple[str, Mapping[str, object]]], *, fiscal_year: int, quarter: int
) -> tuple[list[RiskResult], dict[str, list[KernelProblem]]]:
    """Every hospital of a quarter's upload: results in the order given, and problems by
    hospital code. One hospital's problems do not stop the others (seed
    002_80e7afba8787ed6d.txt: the ministry assesses every hospital at each quarter's end).

    A hospital given twice gets ``FIN_DUPLICATE`` for the second and every later row, and is
    not assessed at all — not even its first row: which figures are right is for a person to
    say. So a code is either among the results or among the problems, never both.
    """
    results: dict[str, RiskResult] = {}
    problems: dict[str, list[KernelProblem]] = {}
    seen: set[str] = set()
    for hospital, raw in rows:
        code = "" if hospital is None else str(hospital).strip()
        if code in seen:
            results.pop(code, None)
            problems.setdefault(code, []).append(Problem("hospital", "FIN_DUPLICATE", code))
            continue
        seen.add(code)
        st, found = parse_statement(raw, hospital=code, fiscal_year=fiscal_year, quarter=quarter)
        if st is None:
            problems[code] = found
        else:
            results[code] = assess(st)
    return list(results.values()), problems
