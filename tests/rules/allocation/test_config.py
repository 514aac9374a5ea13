"""The fiscal-year configuration: the shipped FY 2559 year, and every refusal.

Seed 003_efb95171d59d7c5f.txt fixes the limits checked here (QOF "ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ";
capital "ไม่น้อยว่า 90% จ่ายตรงให้หน่วยบริการ ... ไม่เกิน 10% ให้บริหารระดับจังหวัด"; labour cost
"ระดับประเทศไม่เกิน 1% ... ระดับเขต ... ไม่เกิน 2% ... เกิน 2% แต่ไม่เกิน 5% ให้คณะอนุกรรมการ
... พิจารณาอนุมัติ"; the OP band "ค่าเฉลี่ยประเทศ±10%"); FACTS.md ("Payment figures") gives the
per-person split that adds to 3,028.94 baht.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sitthi.rules.allocation import (
    NOTICES,
    TEXTS,
    ConfigError,
    config_hash,
    load_fiscal_year,
    message,
    read_config,
)
from sitthi.rules.allocation import config as cfgmod
from tests.rules.allocation.tiny import shipped_raw, tiny_raw


def codes(exc: ConfigError) -> set[str]:
    return {p["code"] for p in exc.problems}


def refused(raw, **kw) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        read_config(raw, **kw)
    return info.value


def test_shipped_2559_loads_and_adds_up():
    """FACTS.md, Payment figures: OP 1,103.92 + IP 1,060.14 + special 305.29 + P&P 398.60 +
    rehabilitation 16.13 + Thai traditional medicine 10.77 + capital 128.69 + Section 41 5.40
    = 3,028.94; the provider-assistance 0.10 sits inside IP (seed 003: "โดยเงินรายการนี้รวมไว้ใน
    รายการ “ผู้ป่วยในทั่วไป” ไว้ก่อน"), so it is not counted twice. Outside capitation (seed 003,
    งบกองทุน UC ปี 2559): 2,811 + 6,318 + 909 + 866 + 3,000 + 600 + 624 + 200 + 49 = 15,377 M."""
    cfg = load_fiscal_year(2559)
    own = [ln for ln in cfg.lines if ln.within is None]
    per_person = sum(ln.rate for ln in own if ln.capitation)
    assert per_person == Decimal("3028.94") == cfg.totals.capitation_per_person
    assert sum(ln.amount for ln in own if ln.kind == "fixed") == Decimal("15377000000.00")
    rates = {ln.code: ln.rate for ln in cfg.lines if ln.kind == "per_person"}
    assert rates == {
        "OP": Decimal("1103.92"), "IP": Decimal("1060.14"), "PROVIDER_ASSIST": Decimal("0.10"),
        "SPECIAL": Decimal("305.29"), "PP": Decimal("398.60"), "REHAB": Decimal("16.13"),
        "TTM": Decimal("10.77"), "CAPITAL": Decimal("128.69"), "SECTION41": Decimal("5.40"),
    }  # fmt: skip
    assert cfg.line("PROVIDER_ASSIST").within == "IP"
    assert cfg.line("PROVIDER_ASSIST").budget_satang(48_700_000) == 487_000_000  # 4.87 M baht
    assert (cfg.start, cfg.end) == (date(2015, 10, 1), date(2016, 9, 30))
    assert cfg.population_date == date(2015, 6, 30)  # "ใช้ข้อมูลประชากร ณ 30 มิ.ย. 58"
    assert cfg.op is not None and cfg.op.qof_per_person == Decimal("37.00")
    assert cfg.op.data_quality_per_person == Decimal("3.00")
    assert (cfg.op.age_adjusted_share_pct, cfg.op.equal_share_pct, cfg.op.band_pct) == (80, 20, 10)
    assert cfg.psychiatric.target_patients == 8300 and cfg.psychiatric.per_patient == 6000
    assert cfg.dependent_elderly.per_elder == 5000 and cfg.dependent_elderly.per_cup == 100_000


def test_shipped_figures_cite_their_source_and_demo_inputs_say_so():
    """A figure the seed lost is a labelled demo input, never presented as the seed's."""
    cfg = load_fiscal_year(2559)
    assert "seed 003_efb95171d59d7c5f.txt" in cfg.source_of("op.qof_per_person")
    assert "ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ" in cfg.source_of("op.qof_per_person")
    assert cfg.source_of("op.output_per_person").startswith("DEMO input")
    assert cfg.source_of("op.age_index").startswith("DEMO input")
    assert "FACTS.md, Payment figures" in cfg.line("OP").source
    for ln in cfg.lines:
        assert ln.source, ln.code
    index_rows = (Path(cfgmod.DATA_DIR) / "op_age_index_demo.csv").read_text(encoding="utf-8")
    assert index_rows.count("DEMO input") == len(cfg.op.age_index)


def test_config_hash_is_stable_and_changes_with_any_value():
    """ARCHITECTURE.md, "Decisions can be replayed": the same year gives the same hash however
    it was loaded; any change of a value gives another."""
    a, b = load_fiscal_year(2559), read_config(shipped_raw(), base_dir=cfgmod.DATA_DIR)
    assert config_hash(a) == config_hash(b)
    assert re.fullmatch(r"[0-9a-f]{64}", config_hash(a))
    raw = shipped_raw()
    raw["psychiatric"]["over_target"] = "cap"
    assert config_hash(read_config(raw)) != config_hash(a)


def test_money_is_read_as_decimal_even_from_a_yaml_float():
    """Money is never a float: a YAML float is read through its decimal text."""
    raw = tiny_raw()
    raw["lines"][0]["rate"] = 200.1  # YAML float
    assert read_config(raw).line("OP").rate == Decimal("200.10")


MUTATIONS = {
    "ALLOC_VALUE_REQUIRED": lambda r: r["lines"][2].pop("name_en"),
    "ALLOC_INVALID_VALUE": lambda r: r["psychiatric"].update(over_target="sometimes"),
    "ALLOC_NEGATIVE": lambda r: r["lines"][4].update(amount="-1000"),
    "ALLOC_NOT_POSITIVE": lambda r: r["op"]["age_index"][0].update(index="0"),
    "ALLOC_PRECISION": lambda r: r["op"].update(data_quality_per_person="10.005"),
    "ALLOC_UNKNOWN_KEY": lambda r: r["op"].update(qof_per_persn="40"),
    "ALLOC_DUPLICATE": lambda r: r["lines"][3].update(code="OP"),
    "ALLOC_SHARES_NOT_100": lambda r: r["op"].update(equal_share_pct=25),
    "ALLOC_QOF_BELOW_MINIMUM": lambda r: r["op"].update(qof_per_person="36.99"),
    "ALLOC_BAND_INVALID": lambda r: r["op"].update(band_pct=100),
    "ALLOC_LIMIT_EXCEEDED": lambda r: r["capital"].update(unit_share_pct=85, province_share_pct=15),
    "ALLOC_LINES_DO_NOT_ADD_UP": lambda r: r.update(totals={"capitation_per_person": "262.00"}),
    "ALLOC_UNKNOWN_LINE": lambda r: r.update(shortfall_from=["NOPE"]),
    "ALLOC_SHORTFALL_SOURCE": lambda r: r.update(shortfall_from=["PSY"]),
}


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_each_problem_is_refused_with_its_code(code):
    """Each refusal has its stable code, a field path and Thai and English messages (seed 003
    clauses in the module text: QOF "ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ", capital "ไม่น้อยว่า 90%",
    the 80/20 capitation split, the band "±10%"; หมวด 1 ข้อ 13 for shortfall_from)."""
    raw = tiny_raw()
    read_config(raw)  # the unmutated year is fine
    MUTATIONS[code](raw)
    err = refused(raw)
    assert code in codes(err)
    th, en = TEXTS[code]
    assert th and en
    for p in err.problems:
        assert set(p) == {"field", "code", "value"}
        assert message(p, "th") and message(p, "en")


def test_every_problem_is_reported_at_once():
    """All the mutations together: every problem comes back in one ConfigError."""
    raw = tiny_raw()
    for mutate in MUTATIONS.values():
        if mutate is not MUTATIONS["ALLOC_UNKNOWN_LINE"]:  # shortfall_from is set twice
            mutate(raw)
    err = refused(raw)
    assert codes(err) == set(MUTATIONS) - {"ALLOC_UNKNOWN_LINE"}
    fields = {p["field"] for p in err.problems}
    assert {
        "lines[2].name_en", "op.qof_per_person", "op.qof_per_persn", "op.data_quality_per_person",
        "op.band_pct", "lines[4].amount", "totals.capitation_per_person", "shortfall_from[0]",
    } <= fields  # fmt: skip


def test_limits_of_the_announcement():
    """QOF 37.00 is accepted (the minimum itself); labour cost: national over 1 %, regional
    over 2 % without approval, and over 5 % even with approval, are refused; 4 % with
    approval is accepted."""
    raw = tiny_raw()
    raw["op"]["qof_per_person"] = "37.00"
    raw["labour_cost"] = {
        "applies_to": ["OP", "IP"],
        "national_pct": "1",
        "regional_pct": "2",
        "regions": {"7": {"pct": "4", "approved": True}},
    }
    cfg = read_config(raw)
    assert cfg.labour_cost.regional_pct_for(7) == 4 and cfg.labour_cost.regional_pct_for(1) == 2
    raw["labour_cost"]["national_pct"] = "1.01"
    raw["labour_cost"]["regional_pct"] = "2.5"
    raw["labour_cost"]["regions"] = {
        "3": {"pct": "3"},
        "4": {"pct": "5.5", "approved": True},
        "14": {"pct": "1"},
    }
    raw["labour_cost"]["applies_to"] = ["OP", "PSY", "XX"]
    err = refused(raw)
    got = {(p["field"], p["code"]) for p in err.problems}
    assert got == {
        ("labour_cost.national_pct", "ALLOC_LIMIT_EXCEEDED"),
        ("labour_cost.regional_pct", "ALLOC_LIMIT_EXCEEDED"),
        ("labour_cost.regions.3.pct", "ALLOC_LIMIT_EXCEEDED"),
        ("labour_cost.regions.4.pct", "ALLOC_LIMIT_EXCEEDED"),
        ("labour_cost.regions.14", "ALLOC_INVALID_VALUE"),
        ("labour_cost.applies_to[1]", "ALLOC_INVALID_VALUE"),
        ("labour_cost.applies_to[2]", "ALLOC_UNKNOWN_LINE"),
    }


def test_stated_overall_total_is_checked_with_the_population():
    """Per-person lines are rate × registered persons: with 400 persons the tiny year's lines
    are (200 + 50 + 10 + 1) × 400 + 1,000 = 105,400.00 baht."""
    raw = tiny_raw()
    raw["totals"] = {"overall": "105400.00"}
    read_config(raw, persons=400)
    err = refused(raw, persons=401)
    assert codes(err) == {"ALLOC_LINES_DO_NOT_ADD_UP"}
    raw["registered_persons"] = 400
    read_config(raw)


def test_a_line_within_another_must_name_it_and_fit_in_it():
    """Seed 003: the provider-assistance 0.10 baht "รวมไว้ในรายการ “ผู้ป่วยในทั่วไป” ไว้ก่อน": a line
    within another must name an existing line and cannot be larger than it."""
    raw = shipped_raw()
    sub = next(ln for ln in raw["lines"] if ln["code"] == "PROVIDER_ASSIST")
    sub["within"] = "NOPE"
    assert codes(refused(raw)) == {"ALLOC_UNKNOWN_LINE"}
    sub["within"] = "IP"
    sub["rate"] = "2000.00"
    assert "ALLOC_LIMIT_EXCEEDED" in codes(refused(raw))


def test_sections_and_lines_must_match():
    """A line whose method needs rules (psychiatric) needs its section; a section without its
    line is refused as well (a typo or a forgotten line)."""
    raw = tiny_raw()
    del raw["psychiatric"]
    assert codes(refused(raw)) == {"ALLOC_VALUE_REQUIRED"}
    raw = tiny_raw()
    raw["lines"] = [ln for ln in raw["lines"] if ln["method"] != "capital_replacement"]
    assert codes(refused(raw)) == {"ALLOC_UNKNOWN_LINE"}


def test_every_code_used_is_catalogued_with_thai_and_english():
    """Every ALLOC_ code in the package has a Thai and an English message with the same
    placeholders (to be merged into the project's error catalogue)."""
    root = Path(cfgmod.__file__).parent
    used = set()
    for path in root.glob("*.py"):
        used |= set(re.findall(r'"(ALLOC_[A-Z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert used <= set(TEXTS) | set(NOTICES)
    assert not set(TEXTS) & set(NOTICES)
    for code, (th, en) in (TEXTS | NOTICES).items():
        assert re.search(r"[\u0e00-\u0e7f]", th), code  # Thai first
        assert en.isascii() or "≠" in en, code
        assert th.count("{value}") == en.count("{value}"), code
