"""The parameter-set archive (issue 18): "a version can be turned back into its content: the
parameter sets … that decisions used are archived in the database (content-addressed by their
hash, immutable)"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sitthi.core import archive
from sitthi.core.models import LawFileArchive, ParameterArchive
from sitthi.rules.params import default_parameters
from sitthi.rules.params.loader import ParamError, ParameterSet

pytestmark = pytest.mark.django_db


def test_every_kind_of_value_comes_back_with_the_same_hash():
    """The shipped set through JSON and back: the same content hash (flags, numbers, texts,
    dates, lists and mappings as the files hold them)."""
    shipped = default_parameters()
    back = ParameterSet.from_document(json.loads(json.dumps(shipped.document())))
    assert back.content_hash == shipped.content_hash
    changed = shipped.with_overrides(
        {
            "covid.body_handling_per_deceased": [
                {"from": date(2022, 4, 25), "value": 3000, "source": "test"}
            ]
        }
    )
    assert ParameterSet.from_document(changed.document()).content_hash == changed.content_hash
    with pytest.raises(ParamError):
        ParameterSet.from_document({**shipped.document(), "format": "other/9"})


def test_keep_stores_a_version_once_with_its_files():
    params = default_parameters()
    archive.keep(params)
    archive.keep(params)
    assert ParameterArchive.objects.filter(version=params.version).count() == 1
    assert LawFileArchive.objects.count() == len(params.files)
    some, digest = next(iter(params.files.items()))
    assert archive.file_bytes(digest) is not None
    assert archive.parameters(params.version).content_hash == params.content_hash


def test_a_tampered_archive_is_refused():
    params = default_parameters()
    archive.keep(params)
    row = ParameterArchive.objects.get(version=params.version)
    doc = row.document
    doc["parameters"][0]["values"][0]["source"] = "changed afterwards"
    ParameterArchive.objects.filter(pk=row.pk).update(document=doc)  # behind the model's back
    with pytest.raises(ParamError, match="does not match its hash"):
        archive.parameters(params.version)
    with pytest.raises(ParamError, match="not archived"):
        archive.parameters("000000000000")
