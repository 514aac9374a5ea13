"""Pages in the words their readers use (issue 16: "No file names, Python values or internal
notes on pages meant for users … those belong in the docs"): the system's own words turned
into Thai (English beside when the page is in English), and every cited rule source shown
through ``public_source`` (the seed file names and FACTS.md stay in docs/law)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from sitthi.web.templatetags import thai

SRC = Path(__file__).resolve().parents[2] / "src" / "sitthi"

#: Template expressions that print an uploaded file's name or the registry's name for where
#: figures came from: the officer's own data, not the project's files.
DATA_SOURCES = {
    "run.population_source",
    "run.inputs_source",
    "r.population_source",
    "r.inputs_source",
    "latest.source",
    "r.old.source",  # the file the replaced figures came from
}


def test_every_cited_rule_source_on_a_page_goes_through_public_source():
    raw = []
    for template in SRC.rglob("templates/**/*.html"):
        for expr in re.findall(r"{{\s*([\w.]*(?:source|_rule))\s*}}", template.read_text()):
            if expr not in DATA_SOURCES:
                raw.append(f"{template.relative_to(SRC)}: {expr}")
    assert raw == []


def test_public_source_drops_the_projects_file_names():
    text = 'parameter covid.body_handling: seed 002_80e7afba8787ed6d.txt, post "การบันทึก"'
    shown = thai.public_source(text)
    assert "002_80e7" not in shown and "seed" not in shown and "การบันทึก" in shown
    assert "FACTS.md" not in thai.public_source('FACTS.md "Initial assistance ceilings"')


def test_the_systems_words_read_in_thai_and_in_english():
    with translation.override("th"):
        assert thai.event_note("bulk") == "ส่งเป็นชุดผ่าน API"
        assert thai.event_note("resubmitted") == "แก้ไขและส่งใหม่"
        assert thai.event_note("ขาดใบรับรองแพทย์") == "ขาดใบรับรองแพทย์"  # a person's note stays
        assert thai.allocation_word("returned_to_parent") == "คืนเข้ารายการหลัก"
        assert thai.measured("yes") == "" and thai.measured("child, 39.4 °C") == "(เด็ก, 39.4 °C)"
    with translation.override("en"):
        assert thai.event_note("api") == "sent over the API"
        assert thai.allocation_word("per_person") == "per person"
    assert thai.schedule_versions("nhso:ab12cd34ef56aa;ucep:0011223344556677") == [
        ("nhso", "ab12cd34"),
        ("ucep", "00112233"),
    ]


def test_the_ems_history_names_its_steps_and_states():
    from sitthi.ucep.models import EmsAction

    step = EmsAction(action="review", state_from="new", state_to="under_review")
    with translation.override("th"):
        assert "under_review" not in f"{step.action_label} {step.state_to_label}"
        assert str(step.state_from_label) == "ใหม่"


def test_an_errors_field_reads_as_its_form_calls_it():
    with translation.override("th"):
        assert thai.field_label("UP-2: lines[1].quantity") == "UP-2: รายการที่ 1 · จำนวน"
        assert thai.field_label("diagnoses[2].code") == "การวินิจฉัยที่ 2 · รหัส"
        assert thai.field_label("citizen_id") == "เลขประจำตัวประชาชน"
        assert thai.field_label("units.qof_score") == "units.qof_score"  # not known: as written
    with translation.override("en"):
        assert thai.field_label("lines[3].served_at") == "line 3 · served at"
