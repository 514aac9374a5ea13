"""What an uploaded document really is: a PDF or a JPEG/PNG image, judged by opening its
bytes (pypdf, Pillow), never by its name or the browser's content type. One judge for every
area that takes documents (assistance requests, claims)."""

from __future__ import annotations

import io
import logging

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

ALLOWED = "PDF, JPEG, PNG"
_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about the file, not us


def document_type(data: bytes) -> str | None:
    """``application/pdf``, ``image/jpeg`` or ``image/png`` when the bytes open as one; else None."""
    if data.startswith(b"%PDF-"):
        try:
            PdfReader(io.BytesIO(data), strict=False).pages[0]  # noqa: B018 - parses the file
        except (PdfReadError, IndexError, ValueError, KeyError, TypeError, OSError):
            return None
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return _IMAGE_TYPES.get(kind)
