"""Attached documents: a PDF or a JPEG/PNG image, judged by what the bytes are (the file is
opened with pypdf or Pillow), not by the name or the browser's content type."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.filetypes import ALLOWED, document_type

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class Checked:
    name: str
    content_type: str
    size: int
    sha256: str
    data: bytes


def check(uploads: list[Upload]) -> list[Checked]:
    """Every file checked; all problems reported together, each with its file's position."""
    problems = []
    if len(uploads) > MAX_FILES:
        problems.append(ErrorItem("ASSIST_TOO_MANY_FILES", "documents", {"limit": MAX_FILES}))
    out = []
    for i, up in enumerate(uploads, start=1):
        field = f"documents[{i}]"
        name = (up.name or f"document-{i}").replace("/", "_").replace("\\", "_")[-200:]
        if len(up.data) > MAX_BYTES:
            problems.append(ErrorItem("FILE_TOO_LARGE", field, {"limit": "10 MB"}))
            continue
        kind = document_type(up.data) if up.data else None
        if kind is None:
            problems.append(ErrorItem("FILE_TYPE", field, {"allowed": f"{ALLOWED} ({name})"}))
            continue
        out.append(Checked(name, kind, len(up.data), hashlib.sha256(up.data).hexdigest(), up.data))
    if problems:
        raise SitthiError(*problems)
    return out
