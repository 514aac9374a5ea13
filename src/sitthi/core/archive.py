"""The parameter sets decisions used, archived in the database (issue 18): a decision keeps
the version (12 hex digits of the set's content hash); ``keep`` stores the set's content the
first time a version is used, with the bytes of the tables and documents its hash covers;
``parameters`` turns a version back into the same set, checked against its hash.

Written once, never changed: a version names one content."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from sitthi.rules.params.loader import (
    DOCUMENTS_ROOT,
    TABLES_ROOT,
    ParamError,
    ParameterSet,
)

from .models import LawFileArchive, ParameterArchive

ROOTS = {"tables": TABLES_ROOT, "documents": DOCUMENTS_ROOT}


def _file(relative: str) -> Path:
    label, _, rest = relative.partition("/")
    return ROOTS[label] / rest


def keep(params: ParameterSet, *, now: datetime | None = None) -> None:
    """Archive ``params`` unless its version already is (one query when it is). Safe under
    concurrent first uses: the unique version decides, the loser finds it stored. ``now`` is
    the archive's own record time (the moment of the decision that needed it, where known)."""
    if ParameterArchive.objects.filter(version=params.version).exists():
        return
    now = now or timezone.now()
    try:
        with transaction.atomic():
            for relative, digest in params.files.items():
                if not LawFileArchive.objects.filter(sha256=digest).exists():
                    path = _file(relative)
                    data = path.read_bytes() if path.is_file() else b""
                    if data and hashlib.sha256(data).hexdigest() == digest:
                        LawFileArchive.objects.create(
                            sha256=digest, path=relative, data=data, archived_at=now
                        )
            ParameterArchive.objects.create(
                version=params.version,
                content_hash=params.content_hash,
                document=params.document(),
                archived_at=now,
            )
    except IntegrityError:
        if not ParameterArchive.objects.filter(version=params.version).exists():
            raise


def parameters(version: str) -> ParameterSet:
    """The archived set of ``version``; its content hash is checked against the archive's."""
    found = ParameterArchive.objects.filter(version=version).first()
    if found is None:
        raise ParamError(f"parameter set {version!r} is not archived")
    params = ParameterSet.from_document(found.document)
    if params.content_hash != found.content_hash:
        raise ParamError(f"the archived parameter set {version!r} does not match its hash")
    return params


def file_bytes(sha256: str) -> bytes | None:
    """The bytes of an archived table or document, by their digest."""
    found = LawFileArchive.objects.filter(sha256=sha256).first()
    return bytes(found.data) if found else None
