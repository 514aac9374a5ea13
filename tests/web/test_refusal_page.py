"""``RefusalPage``: a ``SitthiError`` a page view raises is drawn as the refusal page in one
place (code, Thai and English message, the error's status); /api/ paths are left to the API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from sitthi.core.errors import CATALOGUE, SitthiError
from sitthi.core.models import ApiToken
from sitthi.web.middleware import RefusalPage

pytestmark = pytest.mark.django_db


def _page(code: str, status: int, html: str) -> None:
    assert status == CATALOGUE[code].status
    assert code in html
    assert CATALOGUE[code].th.split("{")[0] in html  # the Thai message
    assert CATALOGUE[code].en.split("{")[0].replace("'", "&#x27;") in html  # and the English


def _request(url: str):
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    return request


def _middleware():
    return RefusalPage(lambda request: HttpResponse("the view's own answer"))


@pytest.mark.parametrize(
    ("code", "status"), [("ROLE_FORBIDDEN", 403), ("HOSPITAL_SCOPE", 403), ("NOT_FOUND", 404)]
)
def test_a_coded_refusal_on_a_page_becomes_the_refusal_page(code, status):
    response = _middleware().process_exception(
        _request("/claims/7/"), SitthiError.one(code, own="10670")
    )
    assert response.status_code == status
    html = response.content.decode()
    _page(code, status, html)
    if "{own}" in CATALOGUE[code].en:
        assert "10670" in html  # the message's placeholder is filled


def test_every_error_of_a_refusal_is_shown_and_the_status_is_the_highest():
    exc = SitthiError.one("CID_FORMAT", "citizen_id")
    exc.items.append(SitthiError.one("NOT_FOUND").items[0])
    response = _middleware().process_exception(_request("/rights/"), exc)
    assert response.status_code == 404
    html = response.content.decode()
    assert "CID_FORMAT" in html and "NOT_FOUND" in html


@pytest.mark.parametrize("url", ["/api/v1/claims/7", "/api/", "/api/docs"])
def test_api_paths_are_not_touched(url):
    assert _middleware().process_exception(_request(url), SitthiError.one("NOT_FOUND")) is None


def test_other_exceptions_are_not_touched():
    assert _middleware().process_exception(_request("/claims/7/"), ValueError("x")) is None


def test_a_page_answer_passes_through():
    assert _middleware()(_request("/claims/")).content == b"the view's own answer"


def test_the_middleware_is_installed_after_the_api_shape():
    from django.conf import settings

    chain = settings.MIDDLEWARE
    assert "sitthi.web.middleware.RefusalPage" in chain
    assert chain.index("sitthi.web.middleware.RefusalPage") > chain.index(
        "sitthi.core.middleware.ApiErrorShape"
    )


# -- through the whole stack: a test URL whose view writes, then refuses ----------------------


def _writes_then_refuses(request):
    with transaction.atomic():
        ApiToken.objects.create(
            user=request.user, name="written before the refusal", token_hash="x" * 64
        )
        raise SitthiError.one("ROLE_FORBIDDEN")


def _api_refuses(request):
    raise SitthiError.one("NOT_FOUND")


def _urls():
    from sitthi.urls import urlpatterns

    return [
        path("test/refuses/", _writes_then_refuses),
        path("api/test/refuses/", _api_refuses),
        *urlpatterns,
    ]


class _TestUrls:
    urlpatterns = _urls()


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = _TestUrls


def test_a_page_view_that_raised_inside_atomic_rolled_back_and_shows_the_refusal(
    client, users, test_urls
):
    client.force_login(users["hospital"])
    before = ApiToken.objects.count()
    r = client.get("/test/refuses/")
    _page("ROLE_FORBIDDEN", r.status_code, r.content.decode())
    assert ApiToken.objects.count() == before


def test_under_api_the_refusal_is_not_drawn_as_a_page(client, test_urls):
    with pytest.raises(SitthiError):  # left to the API's own handler; a bare view has none
        client.get("/api/test/refuses/")


@pytest.mark.parametrize(
    ("who", "url", "code"),
    [("admin", "/tokens/", "ROLE_FORBIDDEN"), ("nhso", "/claims/999999/", "NOT_FOUND")],
)
def test_real_pages_refuse_through_the_middleware(client, users, who, url, code):
    client.force_login(users[who])
    r = client.get(url)
    _page(code, r.status_code, r.content.decode())
    assert r.templates[0].name == "web/refused.html"
