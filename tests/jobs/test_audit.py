"""Every write audited: a job (queued, started, finished or failed), a round's closing and a
second-factor device each leave a LogEntry — and none of them carries the uploaded file, a
refused file's report, or the device's secret key."""

from __future__ import annotations

import json
from base64 import b32encode
from datetime import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sitthi.core.actor import Actor
from sitthi.jobs import rounds, services
from sitthi.jobs.models import Job, RoundClosing
from sitthi.rules.kernel.thaitime import BANGKOK

from .helpers import claims_csv

pytestmark = pytest.mark.django_db


def entries(obj) -> list[LogEntry]:
    ct = ContentType.objects.get_for_model(type(obj))
    return list(LogEntry.objects.filter(content_type=ct, object_pk=str(obj.pk)).order_by("pk"))


def written(entry: LogEntry) -> str:
    """Everything a log entry keeps, as one text to search."""
    return json.dumps(
        [entry.changes, entry.serialized_data, entry.additional_data, entry.object_repr],
        default=str,
        ensure_ascii=False,
    )


def test_a_job_is_audited_from_queue_to_finish_without_its_file(users, person, tariff):
    job = services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 2), "k.csv")
    assert job.status == "done"
    log = entries(job)
    assert [e.action for e in log] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,  # started
        LogEntry.Action.UPDATE,  # finished (a guarded UPDATE, logged by hand)
    ]
    assert log[0].changes["kind"][1] == "claims_import"
    assert log[1].changes["status"] == ["queued", "running"]
    assert log[2].changes["status"] == ["running", "done"] and "finished_at" in log[2].changes
    for e in log:
        assert "payload" not in e.changes and "result" not in e.changes
        assert person.citizen_id not in written(e)  # the file's rows are not in the audit


def test_a_failed_job_is_audited_without_the_refused_files_report(users, person, tariff):
    job = services.import_claims(
        Actor.of(users["hospital"]), claims_csv(person, 2, bad_last=True), "k.csv"
    )
    assert job.status == "failed"
    last = entries(job)[-1]
    assert last.changes["status"] == ["running", "failed"]
    assert last.changes["error_code"] == ["", "JOB_INPUT_REFUSED"]
    assert "NOPE-9" not in written(last) and person.citizen_id not in written(last)


def test_a_round_closing_is_audited(users, units):
    before = LogEntry.objects.count()
    rounds.close_due_round(datetime(2024, 3, 1, 12, 0, 30, tzinfo=BANGKOK))
    closing = RoundClosing.objects.get()
    actions = [e.action for e in entries(closing)]
    assert actions[0] == LogEntry.Action.CREATE
    job = Job.objects.get(kind="round_close")
    assert [e.action for e in entries(job)] == [LogEntry.Action.CREATE]
    assert LogEntry.objects.count() > before
    closing.reopened += 1
    closing.save()
    last = entries(closing)[-1]
    assert last.action == LogEntry.Action.UPDATE
    assert last.changes["reopened"] == [str(closing.reopened - 1), str(closing.reopened)]


def test_a_second_factor_device_is_audited_and_its_key_never(client, users, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    from tests.core.test_second_factor import _enrol

    device = _enrol(client, users["nhso"])
    secrets = (device.key, b32encode(device.bin_key).decode().rstrip("="))
    log = entries(device)
    assert log[0].action == LogEntry.Action.CREATE
    assert any(e.changes.get("confirmed") == ["False", "True"] for e in log[1:])
    device.name = "โทรศัพท์เครื่องใหม่"
    device.save()
    assert entries(device)[-1].changes["name"][1] == "โทรศัพท์เครื่องใหม่"
    pk = device.pk
    device.delete()
    gone = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TOTPDevice), object_pk=str(pk)
    )
    assert gone.filter(action=LogEntry.Action.DELETE).exists()
    for e in gone:
        assert "key" not in e.changes
        assert not any(s in written(e) for s in secrets)
