"""Charts: Plotly's script is served compressed (gzip when the browser accepts it) and cached
for a year under a name that carries its version; every chart's axes have Thai titles (English
beside)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from sitthi.core.actor import Actor
from sitthi.web.finders import PLOTLY_PATH
from tests.allocation.test_allocation_app import registered  # noqa: F401
from tests.isolation.conftest import units  # noqa: F401

THAI = re.compile(r"[\u0e00-\u0e7f]")
CHART_TEMPLATES = [
    "isolation/templates/isolation/board.html",
    "finance/templates/finance/watch.html",
    "finance/templates/finance/hospital.html",
    "assistance/templates/assistance/report.html",
    "allocation/templates/allocation/run.html",
    "allocation/templates/allocation/compare.html",
    "claims/templates/claims/whatif_result.html",
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_plotly_is_sent_compressed_and_kept_for_a_year(client):
    import plotly

    package = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    url = f"/static/{PLOTLY_PATH}"
    assert plotly.__version__ in url  # a new Plotly is a new address
    r = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert r.status_code == 200 and r["Content-Encoding"] == "gzip"
    body = _body(r)
    assert len(body) < len(package) / 3 and gzip.decompress(body) == package
    assert "Accept-Encoding" in r["Vary"]
    cache = r["Cache-Control"]
    assert "public" in cache and "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600
    plain = client.get(url)  # a client that does not ask for gzip gets the script as it is
    assert "Content-Encoding" not in plain and _body(plain) == package


def test_every_chart_page_links_plotly_by_its_versioned_name():
    import sitthi

    root = Path(sitthi.__file__).parent
    for name in CHART_TEMPLATES:
        text = (root / name).read_text(encoding="utf-8")
        assert "{% plotly_script %}" in text and "plotly.min.js" not in text, name
    linking = [
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if "plotly" in p.read_text(encoding="utf-8")
    ]
    assert sorted(linking) == sorted(CHART_TEMPLATES)


def _figures(html: str) -> list[dict]:
    """The figures a page draws: its chart-data, one figure or several by part."""
    found = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no chart data on the page"
    data = json.loads(found.group(1))
    return [data] if "layout" in data else list(data.values())


def _untitled(figure: dict) -> list[str]:
    """The axes without a Thai title with English beside. The title must be ``{"text": …}``:
    Plotly 3 draws no title given as a bare string."""
    out = []
    for axis in ("xaxis", "yaxis"):
        title = figure["layout"].get(axis, {}).get("title")
        text = title.get("text") if isinstance(title, dict) else None
        if not text or not THAI.search(text) or not re.search(r"[A-Za-z]", text):
            out.append(f"{axis}: {title!r}")
    return out


@pytest.mark.django_db
def test_every_charts_axes_are_titled_in_thai_with_english_beside(
    client,
    users,
    person,
    units,  # noqa: F811
    registered,  # noqa: F811
):
    from sitthi.allocation import services as allocation
    from sitthi.core.models import User
    from sitthi.finance import services as finance
    from tests.allocation.test_allocation_app import NOW as ALLOCATION_NOW
    from tests.allocation.test_allocation_app import load
    from tests.assistance.test_pages import _decided
    from tests.finance.test_risk_app import CRISIS, HEALTHY
    from tests.finance.test_risk_app import NOW as FINANCE_NOW

    nhso = Actor.of(users["nhso"])
    for q, figures in ((1, HEALTHY), (2, CRISIS)):
        finance.load_statements(
            nhso,
            [{**figures, "hospital": "10670"}],
            fiscal_year=2565,
            quarter=q,
            source="t",
            now=FINANCE_NOW,
        )
    _decided(User.objects.create_user("s41_clerk", password="x", role="secretary"))
    run = allocation.run_from_registry(nhso, load(users), now=ALLOCATION_NOW)
    client.force_login(users["nhso"])
    pages = [
        "/isolation/board/",
        "/finance/hospitals/10670/",
        "/finance/watch/?region=7&fy=2565&q=2",
        "/assistance/report/?fy=2567",
        f"/allocation/runs/{run.pk}/",
    ]
    untitled = {}
    drawn = 0
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.content.decode()
        assert f"/static/{PLOTLY_PATH}" in html, url
        for i, figure in enumerate(_figures(html)):
            drawn += 1
            if problems := _untitled(figure):
                untitled[f"{url} #{i}"] = problems
    assert drawn >= 7 and untitled == {}
