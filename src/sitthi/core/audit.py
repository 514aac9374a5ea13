"""Audit records for rows written in bulk.

``auditlog`` writes its record from the ``post_save`` signal, which ``bulk_create`` does not
send. A service that stores many rows at once (a batch of claims) calls ``log_created`` with
the saved instances: it writes the same "create" records the signal would have written — the
changes from nothing to each field (masked fields masked), the object's text, the correlation
id, the actor and extra data of the ``set_actor`` context — in one ``bulk_create``."""

from __future__ import annotations

from collections.abc import Sequence

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log, pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

#: Rows per INSERT (each log row has 14 columns: well under PostgreSQL's 65,535 parameters).
BATCH = 2000


def log_created(instances: Sequence[models.Model]) -> list[LogEntry]:
    """One "create" audit record for each saved instance of a registered model, as auditlog's
    ``post_save`` receiver writes it, stored in bulk. Nothing is written when auditlog is
    disabled in this context; an instance a ``pre_log`` receiver vetoes is skipped."""
    if not instances or auditlog_disabled.get():
        return []
    model = type(instances[0])
    if not auditlog.contains(model):
        return []
    if auditlog.get_serialize_options(model)["serialize_data"]:
        # Serialised snapshots are auditlog's own business: let it write them one by one.
        return [
            e
            for e in (
                LogEntry.objects.log_create(i, action=LogEntry.Action.CREATE) for i in instances
            )
            if e is not None
        ]
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    use_json = settings.AUDITLOG_STORE_JSON_CHANGES
    db = router.db_for_write(LogEntry)
    pending: list[tuple[models.Model, list, dict | None, LogEntry]] = []
    for instance in instances:
        assert type(instance) is model and instance.pk is not None, "save the rows first"
        vetoes = pre_log.send(model, instance=instance, action=LogEntry.Action.CREATE)
        if any(result is False for _, result in vetoes):
            continue
        changes = model_instance_diff(None, instance, use_json_for_changes=use_json)
        if not changes:
            continue
        extra = getattr(instance, "get_additional_data", None)
        entry = LogEntry(
            content_type=content_type,
            object_pk=smart_str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=None,
            action=LogEntry.Action.CREATE,
            changes=changes,
            additional_data=extra() if callable(extra) else None,
            cid=cid,
        )
        # What ``save()`` would have done: the ``set_actor`` context fills in actor and address.
        pre_save.send(LogEntry, instance=entry, raw=False, using=db, update_fields=None)
        pending.append((instance, vetoes, changes, entry))
    entries = LogEntry.objects.bulk_create([p[3] for p in pending], batch_size=BATCH)
    for instance, vetoes, changes, entry in pending:
        post_log.send(
            model,
            instance=instance,
            instance_old=None,
            action=LogEntry.Action.CREATE,
            error=None,
            pre_log_results=vetoes,
            changes=changes,
            log_entry=entry,
            log_created=True,
            use_json_for_changes=use_json,
        )
    return entries


def log_changed(before: models.Model, after: models.Model) -> LogEntry | None:
    """The "update" audit record of a row changed by a queryset ``update()`` (which sends no
    save signal, e.g. a guarded state change): the changes from ``before`` to ``after`` as
    auditlog's ``pre_save`` receiver computes them — excluded fields left out, masked fields
    masked. Nothing when auditlog is disabled here, the model is not registered, or nothing
    registered changed."""
    model = type(after)
    if auditlog_disabled.get() or not auditlog.contains(model):
        return None
    changes = model_instance_diff(
        before, after, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )
    if not changes:
        return None
    return LogEntry.objects.log_create(after, action=LogEntry.Action.UPDATE, changes=changes)
