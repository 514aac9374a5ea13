"""`make run` ends with `sitthi demo-guide`: the logins, a showcase citizen ID with the birth
date the public self-check asks for, and an assistance request number with the citizen ID the
status page asks for — and what it prints works on those pages."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_demo_guide_prints_what_the_public_pages_accept(client):
    from sitthi.assistance.demo import load_demo_assistance

    call_command("load_reference", stdout=StringIO())  # in case a flush removed them
    call_command("demo_data", persons=0, seed=1, verbosity=0)
    load_demo_assistance()
    out = StringIO()
    call_command("demo_guide", stdout=out)
    text = out.getvalue()
    assert "hosp_public" in text and "nhso" in text and "password" in text
    cid = re.search(r"/my-rights/\n\s+citizen ID / เลขประจำตัวประชาชน\s+(\d{13})", text).group(1)
    born = re.search(r"birth date / วันเกิด\s+(\d\d/\d\d/25\d\d)", text).group(1)
    r = client.post("/my-rights/", {"citizen_id": cid, "birth_date": born})
    assert r.status_code == 200 and "PUBLIC_NO_MATCH" not in r.content.decode()
    number = re.search(r"request number / เลขที่คำร้อง\s+(\S+)", text).group(1)
    harmed = re.search(r"status/\n.*\n\s+citizen ID / เลขประจำตัวประชาชน\s+(\d{13})", text).group(1)
    r = client.post("/assistance/status/", {"number": number, "citizen_id": harmed})
    assert r.status_code == 200 and number in r.content.decode()
