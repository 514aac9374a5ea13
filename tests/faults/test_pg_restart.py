"""PostgreSQL restarted under load: while it is down every request is answered 503 with the
code DATABASE_UNAVAILABLE (JSON in the API's error shape; a Thai page with English beside it
for pages), never a 500 with a traceback; when it is back the server serves again by itself,
every kept connection replaced (CONN_HEALTH_CHECKS), no restart of the server.

Its own throwaway cluster (the suite's database is not stopped under the other tests), a live
`sitthi serve` against it, four clients asking without pause for an API list, a page, and to
store a claim."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from sitthi.rules.citizen_id import check_digit

from . import live
from .cluster import Cluster, pg_bin

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="needs the PostgreSQL server binaries")

CLIENTS = 4
KINDS = ("api", "page", "write")


@pytest.fixture
def served(tmp_path):
    cluster = Cluster()
    try:
        env = live.environment(tmp_path, cluster.url)
        fixtures = json.loads(
            live.sitthi(env, str(live.HERE / "world.py"), "bare").splitlines()[-1]
        )
        server = live.Server(env, tmp_path / "server.log")
        try:
            yield cluster, server, fixtures
        finally:
            server.stop()
    finally:
        cluster.remove()


class Load:
    """Clients asking without pause; every answer kept as (sent at, kind, status, code)."""

    def __init__(self, server, fixtures):
        self.server, self.fixtures = server, fixtures
        self.answers: list[tuple[float, str, int, str]] = []
        self.written: dict[str, tuple[dict, int]] = {}  # every claim sent: body, status
        self.stopping = threading.Event()
        self.going = threading.Event()  # cleared: the clients pause
        self.going.set()
        self.threads = [threading.Thread(target=self.client, args=(i,)) for i in range(CLIENTS)]

    def client(self, i: int) -> None:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {self.fixtures['public'][0]}"
        page = requests.Session()
        page.cookies.set("sessionid", self.fixtures["session"])
        while not self.stopping.is_set():
            self.going.wait()
            for kind, session, path in (
                ("api", api, "/api/v1/claims?limit=5"),
                ("page", page, "/claims/"),
                ("write", api, "/api/v1/claims"),
            ):
                sent = time.monotonic()
                body = None
                if kind == "write":
                    body = claim(f"W-{i}-{len(self.answers)}")
                    self.written[body["claim_key"]] = (body, 0)
                try:
                    if body is None:
                        r = session.get(self.server.url(path), timeout=10, allow_redirects=False)
                    else:
                        r = session.post(self.server.url(path), json=body, timeout=10)
                except requests.RequestException as exc:
                    self.answers.append((sent, kind, 0, type(exc).__name__))
                    continue
                try:
                    code = code_in(kind, r)
                except Exception as exc:  # an answer of the wrong shape: shown by the test
                    code = f"{type(exc).__name__}: {exc} {r.text[:300]}"
                self.answers.append((sent, kind, r.status_code, code))
                if body is not None:
                    self.written[body["claim_key"]] = (body, r.status_code)

    def seen(self, since: float, status: int) -> set[str]:
        """The kinds answered ``status`` (200: served, 201 for a write) when asked after ``since``."""
        return {
            kind
            for sent, kind, s, _ in list(self.answers)
            if sent >= since and (status_ok(kind, s) if status == 200 else s == status)
        }

    def wait_for(self, since: float, status: int, seconds: float) -> float:
        """Until both kinds have been answered ``status`` (asked after ``since``); how long."""
        began = time.monotonic()
        while self.seen(since, status) != set(KINDS):
            assert time.monotonic() - began < seconds, (
                f"not every kind answered {status} in {seconds} s",
                Counter((k, s, c[:80]) for t, k, s, c in list(self.answers) if t >= since),
                self.server.log()[-3000:],
            )
            time.sleep(0.05)
        return time.monotonic() - began


def status_ok(kind: str, status: int) -> bool:
    return status == (201 if kind == "write" else 200)


def claim(key: str) -> dict:
    """A claim of the hospital (stored whatever its decision: no fee schedule is loaded)."""
    cid = "1" + "0" * 10 + "7"
    return {
        "claim_key": key,
        "hospital": "10670",
        "citizen_id": cid + str(check_digit(cid)),
        "service_type": "OP",
        "admitted_at": "2024-03-01T09:00:00+07:00",
        "diagnoses": [{"code": "J06.9", "dx_type": "1"}],
        "lines": [
            {
                "item_code": "H001",
                "quantity": "1",
                "served_at": "2024-03-01T09:00:00+07:00",
                "charged": "100.00",
            }
        ],
    }


def code_in(kind: str, r) -> str:
    """The error code of an answer: from the JSON under /api/, from the page otherwise."""
    if status_ok(kind, r.status_code):
        return ""
    if kind in ("api", "write"):
        assert r.headers["Content-Type"].startswith("application/json"), r.text[:300]
        return r.json()["errors"][0]["code"]
    text = r.text
    if r.status_code == 503:  # the page says it in Thai and in English, and gives the code
        assert "ฐานข้อมูลไม่พร้อมให้บริการชั่วคราว" in text and "database is unavailable" in text
        assert "Traceback" not in text
    return "DATABASE_UNAVAILABLE" if "DATABASE_UNAVAILABLE" in text else text[:200]


def test_postgresql_restarted_under_load(served):
    cluster, server, fixtures = served
    load = Load(server, fixtures)
    for t in load.threads:
        t.start()
    try:
        load.wait_for(0, 200, 20)  # serving

        down = time.monotonic()
        cluster.stop("immediate")  # a crash, in the middle of requests
        load.wait_for(down, 503, 15)
        time.sleep(1)  # more requests into the outage
        cluster.start()
        up = time.monotonic()
        recovered = load.wait_for(up, 200, 15)
        time.sleep(2)  # and a while after

        # Restarted while nobody asked: every thread of the server still keeps a connection
        # to the old server. The first requests after it are served all the same.
        load.going.clear()
        paused = time.monotonic()
        time.sleep(1)
        cluster.stop("fast")
        cluster.start()
        quiet_restart = time.monotonic()
        load.going.set()
        time.sleep(2)
    finally:
        load.stopping.set()
        load.going.set()
        for t in load.threads:
            t.join()

    answers = load.answers
    statuses = {(s, code) for _, _, s, code in answers}
    ok = {(200, ""), (201, ""), (503, "DATABASE_UNAVAILABLE")}
    assert statuses <= ok, (statuses, server.log()[-4000:])
    during = [a for a in answers if down <= a[0] < up]
    assert {kind for _, kind, s, _ in during if s == 503} == set(KINDS)
    assert recovered < 10
    # Once back, everything asked a moment later is served: no dead kept connection answers.
    after = [a for a in answers if up + recovered + 0.5 <= a[0] < paused]
    assert after and all(status_ok(a[1], a[2]) for a in after), after[:20]
    after_quiet = [a for a in answers if a[0] >= quiet_restart]
    assert after_quiet and all(status_ok(a[1], a[2]) for a in after_quiet), after_quiet[:20]
    assert_each_claim_stored_once(server, fixtures, load.written)


def assert_each_claim_stored_once(server, fixtures, written):
    """Nothing lost, nothing doubled: every claim answered 201 is stored; every other one (its
    answer lost in the outage) sent once more, as a hospital system would, is then stored too
    (201, or 200 ``unchanged`` when the outage came just after its commit); each of them once."""
    auth = {"Authorization": f"Bearer {fixtures['public'][0]}"}
    unanswered = [body for body, status in written.values() if status != 201]
    assert unanswered  # the outage did refuse some

    def send(body) -> int:
        url = server.url("/api/v1/claims")
        return requests.post(url, json=body, headers=auth, timeout=30).status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        assert set(pool.map(send, unanswered)) <= {200, 201}
    api = requests.Session()
    api.headers.update(auth)
    listed = api.get(server.url("/api/v1/claims?limit=500"), timeout=30).json()
    assert listed["count"] == len(written) == len({c["claim_key"] for c in listed["items"]})
