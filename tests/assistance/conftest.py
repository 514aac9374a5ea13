"""Fixtures for the initial-assistance use cases (DOMAIN.md §5, seed 002_80e7afba8787ed6d.txt
lines 5-7): the committee secretary, a quick valid request, and tiny real documents."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from sitthi.core.actor import Actor
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.conftest import make_cid

#: "now" for the tests unless told otherwise (Asia/Bangkok)
NOW = datetime(2024, 6, 1, 10, 0, tzinfo=BANGKOK)


def make_pdf() -> bytes:
    """A real one-page PDF."""
    from pypdf import PdfWriter

    buf = io.BytesIO()
    w = PdfWriter()
    w.add_blank_page(72, 72)
    w.write(buf)
    return buf.getvalue()


def make_png() -> bytes:
    """A real 2×2 PNG image."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf()


@pytest.fixture
def png_bytes() -> bytes:
    return make_png()


@pytest.fixture(autouse=True)
def _clean_cache():
    """The public status page counts misses in the cache: every test starts from none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def secretary(hospitals):
    """The initial-assistance committee secretary (the only writer)."""
    from sitthi.core.models import User

    return User.objects.create_user("secretary", password="pw-secretary", role="secretary")


@pytest.fixture
def sec(secretary) -> Actor:
    return Actor.of(secretary)


def request_in(programme: str = "section41", **overrides):
    """A valid request form: the harmed person asks for themselves at the Khon Kaen hospital."""
    from sitthi.assistance.services import RequestIn

    values = {
        "programme": programme,
        "harmed_cid": make_cid(),
        "harmed_name": "นางสมหญิง ทดสอบ",
        "relation": "self",
        "requester_cid": "",
        "requester_name": "",
        "requester_contact": "081-234-5678",
        "hospital": "10670",
        "harm_on": "2024-01-10",
        "learned_on": "2024-01-15",
        "received_on": "2024-02-01",
        "description": "แพ้ยาหลังได้รับการรักษา",
    }
    return RequestIn(**{**values, **overrides})


@pytest.fixture
def registered(sec, pdf_bytes):
    """``registered(programme="section41", **overrides)``: register a valid request (with one
    PDF unless ``uploads=`` is given) and return it."""
    from sitthi.assistance import documents, services

    def make(programme: str = "section41", *, uploads=None, now: datetime = NOW, **overrides):
        if uploads is None:
            uploads = [documents.Upload("form.pdf", pdf_bytes)]
        return services.register(sec, request_in(programme, **overrides), uploads, now=now)

    return make
