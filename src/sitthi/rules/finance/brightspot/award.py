"""Bright Spot: places and prizes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from sitthi.rules.finance.brightspot.codes import ScoreInputError
from sitthi.rules.finance.brightspot.criteria import Criteria, PrizeGroup
from sitthi.rules.finance.brightspot.scoring import Score

_SATANG = Decimal("0.01")

# -- prizes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    """A hospital's place in its prize group: ``rank`` (equal hospitals share it), ``prize`` in
    baht (0 beyond the prizes and in the certificate-only group), ``tied_with`` the hospitals
    it shares its places with, ``certificate`` for the A/S/M1 group (line 67)."""

    hospital: str
    group: str
    rank: int
    total: Decimal
    prize: Decimal
    tied_with: tuple[str, ...]
    certificate: bool
    label_th: str
    label_en: str


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _labels(pg: PrizeGroup, place: int, tied: bool) -> tuple[str, str]:
    """Labels of the first place (0-based) a hospital occupies."""
    if pg.certificate_only:
        return "ใบประกาศนียบัตร", "certificate"
    if len(pg.prizes) - pg.honourable_mentions <= place < len(pg.prizes):
        th, en = "รางวัลชมเชย", "honourable mention"
        return (f"{th} (ร่วม)", f"joint {en}") if tied else (th, en)
    th, en = f"ลำดับที่ {place + 1}", ordinal(place + 1)
    return (f"{th} (ร่วม)", f"joint {en}") if tied else (th, en)


def award(scores: Iterable[Score], criteria: Criteria) -> dict[str, list[Award]]:
    """The places and prizes of every prize group, best first (line 65: "เมื่อคำนวณคะแนนที่ได้
    แล้ว จะนำมาเรียงลำดับคะแนนเพื่อมอบรางวัลต่อไป"; prizes lines 44-58).

    Tie rule (the seed gives none; also ``tie_rule`` in the criteria file): order by total,
    then by the outcome group's subtotal, then the process group's, then the policy group's
    (``Criteria.tie_break``), all descending. Hospitals still equal get the same rank (the
    first place they occupy) and share equally the prizes of the places they occupy together;
    the satang that do not divide go one each to the first hospitals in hospital-code order,
    so the prizes paid always add up to the prizes of the places taken. Places beyond the prizes
    get 0. The A/S/M1 group is ranked too, every hospital with a certificate and no money.
    Every prize group of the criteria is a key (an empty list when no hospital is in it).
    """
    result: dict[str, list[Award]] = {code: [] for code in criteria.prize_groups}
    by_group: dict[str, list[Score]] = {code: [] for code in criteria.prize_groups}
    seen: set[str] = set()
    for s in scores:
        if s.hospital in seen:
            raise ScoreInputError("BRIGHT_DUPLICATE", f"hospital={s.hospital}")
        seen.add(s.hospital)
        if s.group not in by_group:
            raise ValueError(f"{s.hospital}: unknown prize group {s.group!r}")
        by_group[s.group].append(s)

    def key(s: Score) -> tuple[Decimal, ...]:
        return (s.total, *(s.subtotals.get(g, Decimal(0)) for g in criteria.tie_break))

    for code, group_scores in by_group.items():
        pg = criteria.prize_groups[code]
        ordered = sorted(group_scores, key=lambda s: (tuple(-x for x in key(s)), s.hospital))
        place = 0
        for _, block_iter in groupby(ordered, key=key):
            block = list(block_iter)  # already in hospital-code order
            k = len(block)
            pot = sum(
                int(pg.prizes[q] * 100) for q in range(place, place + k) if q < len(pg.prizes)
            )
            base, extra = divmod(pot, k)
            th, en = _labels(pg, place, k > 1)
            for j, s in enumerate(block):
                satang = base + (1 if j < extra else 0)
                result[code].append(
                    Award(
                        hospital=s.hospital,
                        group=code,
                        rank=place + 1,
                        total=s.total,
                        prize=(Decimal(satang) * _SATANG).quantize(_SATANG),
                        tied_with=tuple(o.hospital for o in block if o is not s),
                        certificate=pg.certificate_only,
                        label_th=th,
                        label_en=en,
                    )
                )
            place += k
    return result
