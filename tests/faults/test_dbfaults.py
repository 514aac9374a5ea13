"""A database fault answered with its code (sitthi.core.dbfaults), wherever it is raised: in a
view of the API or of a page, or in a middleware before any view runs. The live version, a
PostgreSQL server stopped under load, is test_pg_restart."""

from __future__ import annotations

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from sitthi.claims import services
from sitthi.core import dbfaults

pytestmark = pytest.mark.django_db


def down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture
def officer(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["hospital"])
    return client


def test_the_api_answers_503_database_unavailable_in_its_error_shape(officer, monkeypatch):
    monkeypatch.setattr(services, "claims_for", down)
    r = officer.get("/api/v1/claims")
    assert r.status_code == 503 and r["Content-Type"].startswith("application/json")
    (error,) = r.json()["errors"]
    assert error["code"] == "DATABASE_UNAVAILABLE" and error["family"] == "request"
    assert "ฐานข้อมูล" in error["message_th"] and "database is unavailable" in error["message_en"]
    assert r["Retry-After"] == str(dbfaults.RETRY_AFTER) and r["Cache-Control"] == "no-store"


def test_a_page_answers_503_in_thai_with_english_beside_it(officer, monkeypatch):
    monkeypatch.setattr(services, "claims_for", down)
    r = officer.get("/claims/")
    text = r.content.decode()
    assert r.status_code == 503 and r["Content-Type"].startswith("text/html")
    assert "DATABASE_UNAVAILABLE" in text and '<html lang="th">' in text
    assert "ฐานข้อมูลไม่พร้อมให้บริการชั่วคราว" in text and "database is unavailable" in text
    assert "Traceback" not in text and r["Retry-After"]


def test_a_fault_in_a_middleware_before_the_view_is_answered_too(officer, monkeypatch):
    """The session is read by a middleware (the audit log's, asking who the user is) before
    any view: Django makes that a 500 and calls handler500, which gives the code instead."""
    monkeypatch.setattr(SessionStore, "load", down)
    for path, kind in (("/api/v1/claims", "application/json"), ("/claims/", "text/html")):
        r = officer.get(path)
        assert r.status_code == 503 and r["Content-Type"].startswith(kind), path
        assert "DATABASE_UNAVAILABLE" in r.content.decode()


def test_a_closed_connection_is_a_fault_too(officer, monkeypatch):
    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(services, "claims_for", closed)
    assert officer.get("/api/v1/claims").status_code == 503


def test_a_transaction_that_lost_a_race_is_a_coded_409_not_a_503(officer, monkeypatch):
    """PostgreSQL aborts one of two deadlocked transactions (SQLSTATE 40P01): send it again."""

    def deadlock(*args, **kwargs):
        try:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        except psycopg.Error as exc:
            raise OperationalError(str(exc)) from exc

    monkeypatch.setattr(services, "claims_for", deadlock)
    r = officer.get("/api/v1/claims")
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "CONCURRENT_CHANGE"
    assert "Retry-After" not in r


def test_sqlite_still_locked_after_its_timeout_is_unavailable_not_500():
    assert dbfaults.code_of(OperationalError("database is locked")) == "DATABASE_UNAVAILABLE"


def test_any_other_error_stays_a_500(officer, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(services, "claims_for", bug)
    assert officer.get("/claims/").status_code == 500
    assert dbfaults.code_of(ZeroDivisionError()) is None
