"""Soak: for a bounded time, N clients call a live Sitthi server on loopback the way hospital
and fund systems do — submit claims (one at a time, sent again, and in bulk), check rights,
take isolation offers, pay notices — and every answer is counted by status, with throughput
and p50/p99 latency per operation. At the end the database is counted against what the
clients were told (issue 15, "0 lost or doubled writes"):

- claims stored under the soak's keys == the 201 answers (and bulk "created" results), key
  for key; a claim sent again answered 200 ``unchanged`` and stored once;
- notices paid == the successful payments, notice for notice, each paid once (the others 409);
- isolation cases taken == the successful takes, case for case, each by one unit;
- rights checks recorded == the 200 answers.

It exits non-zero on any 5xx, any answer the clients could not read (a dropped connection,
a timeout), or any mismatch. A ratio is not the point here: the figures are throughput and
latency under load on this machine, and the counts must be exact.

The server is started by the script (``--server-cmd``, a template with ``{python}`` and
``{port}``; default the production layout: ``sitthi serve --production`` (gunicorn, 4 workers,
production settings) and ``sitthi worker`` beside it, closing the isolation rounds) on a fresh database:
PostgreSQL when ``DATABASE_URL`` points to one (a database ``sitthi_soak_<pid>`` is created
on that server and dropped at the end; ``scripts/with-postgres.sh`` gives a throwaway
cluster), else a SQLite file in a temporary var folder. The data is made as ``make run``
makes it (migrate, ``demo-data``, ``claims demo``, ``isolation demo``), then the soak's own:
API tokens minted through the ORM for the demo public hospital, the UC fund and each
isolation unit; notices to pay; cases offered to units.

    python bench/soak.py [--seconds 30] [--clients 8] [--server-cmd CMD] [--worker-cmd CMD]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

#: The production layout (README, "Production"): gunicorn workers and a job worker beside them,
#: with the production settings (SITTHI_ENV=production; the clients speak as the TLS proxy would,
#: X-Forwarded-Proto: https, so nothing is redirected).
SERVER_CMD = "{python} -m sitthi serve --production --host 127.0.0.1 --port {port} --workers 4"
WORKER_CMD = "{python} -m sitthi worker"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
PERSONS = 2_000
NOTICES = 400
CASES = 400
KEY = "SOAK-"
#: Operation mix: weights of what a client does next.
MIX = {
    "submit": 30,
    "resend": 5,
    "bulk": 3,
    "rights": 30,
    "offers": 10,
    "take": 10,
    "pay": 12,
}
SERVICE_DAY = datetime.fromisoformat("2025-03-03T08:00:00+07:00")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=30.0, help="how long to run (default 30)")
    p.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    p.add_argument(
        "--server-cmd",
        default=os.environ.get("SITTHI_SOAK_SERVER_CMD", SERVER_CMD),
        help=f"server command template with {{python}} and {{port}} (default {SERVER_CMD!r})",
    )
    p.add_argument(
        "--worker-cmd",
        default=os.environ.get("SITTHI_SOAK_WORKER_CMD", WORKER_CMD),
        help="a command run beside the server for the soak (the job worker closing the "
        f"isolation rounds), template with {{python}}; default {WORKER_CMD!r}; '' for none",
    )
    p.add_argument("--seed", type=int, default=15)
    return p.parse_args(argv)


# -- the database ------------------------------------------------------------------------------


def fresh_database(tmp: Path) -> tuple[str, callable]:
    """The DATABASE_URL of a fresh database for the run and a function that drops it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'sitthi.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"sitthi_soak_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


@dataclass
class World:
    hospital: str  # the demo public hospital's code
    hospital_token: str
    fund_token: str
    unit_tokens: dict[str, str]  # unit (hospital code) -> token
    cids: list[str]  # persons covered by a fund the hospital has a contract with
    item_codes: list[str]
    notices: dict[int, str]  # notice id -> total ("1234.50")
    cases: list[int]
    rights_checks_before: int


def prepare(seed: int) -> World:
    """``make run``'s data, then the soak's tokens, notices and offered cases (in this
    process, through the ORM and the services; the server is not running yet)."""
    from django.core.management import call_command
    from django.db import connections

    from sitthi.claims import frames as fr
    from sitthi.claims import services as claims
    from sitthi.claims.models import TariffItem
    from sitthi.core.actor import Actor
    from sitthi.core.models import ApiToken, User
    from sitthi.isolation import services as isolation
    from sitthi.isolation.models import Unit
    from sitthi.registry import demo as registry_demo
    from sitthi.registry.models import Contract, RightsCheck

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", interactive=False, **quiet)
    call_command("demo_data", persons=PERSONS, seed=2567, **quiet)
    for command in ("claims", "isolation"):
        call_command(command, "demo", **quiet)

    hcode = registry_demo.HOSP_PUBLIC
    users = {u.username: u for u in User.objects.filter(username__in=["hosp_public", "fund_uc"])}
    nhso = Actor.of(User.objects.get(username="nhso"))
    hospital = Actor.of(users["hosp_public"])
    funds = set(Contract.objects.filter(hospital_id=hcode).values_list("fund_id", flat=True))
    from sitthi.registry.models import Right

    cids = list(
        Right.objects.filter(fund_id__in=funds, valid_until__isnull=True)
        .order_by("person__citizen_id")
        .values_list("person__citizen_id", flat=True)
        .distinct()[:500]
    )
    uc_cids = list(
        Right.objects.filter(fund_id="UCS", valid_until__isnull=True, fund_id__in=funds)
        .order_by("person__citizen_id")
        .values_list("person__citizen_id", flat=True)
        .distinct()[:NOTICES]
    )
    codes = sorted(
        set(
            TariffItem.objects.filter(
                version__active=True, programme="general", valid_until__isnull=True
            ).values_list("item_code", flat=True)
        )
    )

    # Notices to pay: one accepted UC claim each, verified and notified.
    now = datetime.now().astimezone()
    rng = random.Random(seed)
    batch = [
        fr.ClaimIn(
            claim_key=f"PREP-{i:05d}",
            hospital=hcode,
            citizen_id=cid,
            service_type="OP",
            admitted_at=SERVICE_DAY,  # lines served at admission, one visit each person
            discharged_at=None,
            diagnoses=[fr.DiagnosisIn("J06.9", "1")],
            lines=[
                fr.LineIn(rng.choice(codes), Decimal(1), SERVICE_DAY, Decimal(500))
                for _ in range(3)
            ],
        )
        for i, cid in enumerate(uc_cids)
    ]
    outcomes = claims.submit(hospital, fr.frames_from_inputs(batch), via="api", now=now)
    notices = {}
    for o in outcomes:
        if o.claim is None or o.claim.state != "accepted" or o.claim.fund_id != "UCS":
            continue
        claims.mark_documents_complete(nhso, o.claim.pk, now=now)
        n = claims.create_notice(nhso, "UCS", [o.claim.pk], now=now)
        notices[n.pk] = f"{n.total:.2f}"

    # Isolation cases offered to the Bangkok units.
    from sitthi.rules.citizen_id import check_digit

    rows = []
    districts = list(Unit.objects.values_list("district", flat=True).distinct())
    for i in range(CASES):
        body = f"59{i:010d}"
        rows.append(
            isolation.CaseIn(
                citizen_id=body + str(check_digit(body)),
                contact="02-000-0000",
                district=districts[i % len(districts)],
                province="10",
                test_date=now.date().isoformat(),
                setting="HI",
                assessment={
                    "cough": True,
                    "temperature_c": Decimal("37.8"),
                    "spo2_room_air": Decimal("97"),
                    "age_years": 30,
                },
            )
        )
    cases = [c.pk for c in isolation.add_cases(nhso, rows, now=now)]

    def token(user, name):
        return ApiToken.issue(user, name)[1]

    unit_tokens = {}
    for unit in Unit.objects.select_related("hospital").order_by("hospital_id"):
        user, _ = User.objects.get_or_create(
            username=f"soak_{unit.hospital_id}",
            defaults={"role": "hospital", "hospital_id": unit.hospital_id},
        )
        unit_tokens[unit.hospital_id] = token(user, "soak")
    world = World(
        hospital=hcode,
        hospital_token=token(users["hosp_public"], "soak"),
        fund_token=token(users["fund_uc"], "soak"),
        unit_tokens=unit_tokens,
        cids=cids,
        item_codes=codes,
        notices=notices,
        cases=cases,
        rights_checks_before=RightsCheck.objects.count(),
    )
    connections.close_all()
    return world


# -- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(template: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    cmd = shlex.split(template.format(python=shlex.quote(sys.executable), port=port))
    out = log.open("wb")
    proc = subprocess.Popen(
        cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"the server exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/openapi.json", headers=PROXY_HEADERS)
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit(f"the server did not answer in 90 s:\n{log.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (its workers too), SIGKILL after 20 s."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# -- the clients -------------------------------------------------------------------------------


@dataclass
class Told:
    """What the server told the clients (shared, under ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: list[tuple[str, int, float]] = field(default_factory=list)  # op, status, seconds
    created: set[str] = field(default_factory=set)  # claim keys answered created
    unchanged: int = 0
    paid: list[int] = field(default_factory=list)
    taken: list[int] = field(default_factory=list)
    rights: int = 0
    wrong: list[str] = field(default_factory=list)  # answers that contradict the contract


class Client:
    def __init__(self, n: int, port: int, world: World, told: Told, seed: int):
        self.n, self.port, self.world, self.told = n, port, world, told
        self.rng = random.Random(seed * 1000 + n)
        self.conn: http.client.HTTPConnection | None = None
        self.sent: list[dict] = []
        self.seen_paid: set[int] = set()
        self.count = 0

    def call(self, op, method, path, token, body=None):
        """One request on a kept-alive connection; status 0 when no answer could be read."""
        data = None if body is None else json.dumps(body).encode()
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **PROXY_HEADERS,
        }
        t0 = time.perf_counter()
        status, payload = 0, None
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                status = r.status
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                payload = (
                    json.loads(raw) if raw and "json" in r.getheader("Content-Type", "") else None
                )
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server closed between requests: open a new one
                # once. Only a request never answered is retried (nothing was read).
                self.conn = None
                if attempt == 2:
                    status = 0
            except (OSError, http.client.HTTPException, ValueError):
                self.conn = None
                status = 0
                break
        with self.told.lock:
            self.told.answers.append((op, status, time.perf_counter() - t0))
        return status, payload

    def claim_body(self, lines=5):
        self.count += 1
        when = SERVICE_DAY + timedelta(minutes=self.rng.randrange(0, 60 * 24 * 20))
        return {
            "claim_key": f"{KEY}{self.n}-{self.count:06d}",
            "hospital": self.world.hospital,
            "citizen_id": self.rng.choice(self.world.cids),
            "service_type": "OP",
            "admitted_at": when.isoformat(),
            "discharged_at": None,
            "diagnoses": [{"code": "J06.9", "dx_type": "1"}],
            "lines": [
                {
                    "item_code": self.rng.choice(self.world.item_codes),
                    "quantity": str(self.rng.randint(1, 5)),
                    "served_at": when.isoformat(),
                    "charged": f"{self.rng.randint(1_000, 200_000) / 100:.2f}",
                }
                for _ in range(lines)
            ],
        }

    def wrong(self, what):
        with self.told.lock:
            self.told.wrong.append(what)

    def submit(self):
        body = self.claim_body()
        status, out = self.call("submit", "POST", "/api/v1/claims", self.world.hospital_token, body)
        if status == 201:
            with self.told.lock:
                self.told.created.add(body["claim_key"])
            self.sent.append(body)
        elif status < 500 and status != 0:
            self.wrong(f"submit {body['claim_key']}: {status} {out}")

    def resend(self):
        if not self.sent:
            return self.submit()
        body = self.rng.choice(self.sent)
        status, out = self.call("resend", "POST", "/api/v1/claims", self.world.hospital_token, body)
        if status == 200 and out and out.get("status") == "unchanged":
            with self.told.lock:
                self.told.unchanged += 1
        elif status != 0 and status < 500:
            self.wrong(f"resend {body['claim_key']}: {status} {out and out.get('status')}")

    def bulk(self):
        bodies = [self.claim_body(lines=10) for _ in range(20)]
        status, out = self.call(
            "bulk", "POST", "/api/v1/claims/bulk", self.world.hospital_token, {"claims": bodies}
        )
        if status == 200:
            results = out["results"]
            for body, result in zip(bodies, results, strict=True):
                if result["status"] == "created":
                    with self.told.lock:
                        self.told.created.add(body["claim_key"])
                    self.sent.append(body)
                else:
                    self.wrong(f"bulk {body['claim_key']}: {result['status']}")
        elif status != 0 and status < 500:
            self.wrong(f"bulk: {status}")

    def rights(self):
        cid = self.rng.choice(self.world.cids)
        on = (date(2025, 3, 1) + timedelta(days=self.rng.randrange(0, 60))).isoformat()
        path = f"/api/v1/rights/{cid}?on={on}"
        status, out = self.call("rights", "GET", path, self.world.hospital_token)
        if status == 200:
            with self.told.lock:
                self.told.rights += 1
        elif status != 0 and status < 500:
            self.wrong(f"rights: {status} {out}")

    def offers(self, take=False):
        unit, token = self.rng.choice(list(self.world.unit_tokens.items()))
        status, out = self.call("offers", "GET", "/api/v1/isolation/offers", token)
        if status != 200:
            if status != 0 and status < 500:
                self.wrong(f"offers {unit}: {status}")
            return
        if not take or not out:
            return
        case = self.rng.choice(out[:3])["id"]  # the first few: clients of one unit collide
        status, body = self.call("take", "POST", f"/api/v1/isolation/cases/{case}/take", token)
        if status == 200:
            with self.told.lock:
                self.told.taken.append(case)
        elif status not in (0, 409) and status < 500:
            self.wrong(f"take {case} by {unit}: {status} {body}")

    def pay(self):
        """Half the time the first notice this client has not seen paid (so clients race for
        one notice: one payment wins, the others are 409 NOTICE_ALREADY_PAID), else any."""
        if self.rng.random() < 0.5:
            notice = next((n for n in self.world.notices if n not in self.seen_paid), None)
        else:
            notice = None
        if notice is None:
            notice = self.rng.choice(list(self.world.notices))
        total = self.world.notices[notice]
        body = {"amount": total, "paid_on": date.today().isoformat(), "reference": f"SOAK-{notice}"}
        status, out = self.call(
            "pay", "POST", f"/api/v1/notices/{notice}/payment", self.world.fund_token, body
        )
        if status in (200, 409):
            self.seen_paid.add(notice)
        if status == 200:
            with self.told.lock:
                self.told.paid.append(notice)
        elif status == 409:
            codes = {e["code"] for e in (out or {}).get("errors", [])}
            if codes != {"NOTICE_ALREADY_PAID"}:
                self.wrong(f"pay {notice}: 409 {codes}")
        elif status != 0 and status < 500:
            self.wrong(f"pay {notice}: {status} {out}")

    def run(self, until: float):
        ops = list(MIX)
        weights = [MIX[o] for o in ops]
        act = {
            "submit": self.submit,
            "resend": self.resend,
            "bulk": self.bulk,
            "rights": self.rights,
            "offers": self.offers,
            "take": lambda: self.offers(take=True),
            "pay": self.pay,
        }
        while time.monotonic() < until:
            act[self.rng.choices(ops, weights)[0]]()
        if self.conn is not None:
            self.conn.close()


# -- the count -----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def report(told: Told, seconds: float) -> int:
    """The table of answers; the number of 5xx and unanswered requests."""
    by_op: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for op, status, t in told.answers:
        by_op[op].append((status, t))
    print(
        f"{'operation':<9} {'requests':>8} {'per s':>7} {'p50 ms':>8} {'p99 ms':>8}  answers by status"
    )
    bad = 0
    total = Counter()
    for op in [*MIX, *sorted(set(by_op) - set(MIX))]:
        rows = by_op.get(op, [])
        if not rows:
            continue
        statuses = Counter(s for s, _ in rows)
        total.update(statuses)
        times = [t * 1000 for _, t in rows]
        shown = "  ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(statuses.items()))
        print(
            f"{op:<9} {len(rows):>8} {len(rows) / seconds:>7.1f} {percentile(times, 50):>8.1f} "
            f"{percentile(times, 99):>8.1f}  {shown}"
        )
        bad += sum(n for s, n in statuses.items() if s == 0 or s >= 500)
    all_times = [t * 1000 for _, _, t in told.answers]
    print(
        f"{'all':<9} {len(told.answers):>8} {len(told.answers) / seconds:>7.1f} "
        f"{percentile(all_times, 50):>8.1f} {percentile(all_times, 99):>8.1f}  "
        + "  ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(total.items()))
    )
    return bad


def count_rows(world: World, told: Told) -> list[tuple[str, object, object, bool]]:
    """(what, the clients were told, the database holds, equal)."""
    from django.db import connections
    from django.db.models import Count

    from sitthi.claims.models import Claim, Notice
    from sitthi.isolation.models import Case, Offer
    from sitthi.jobs.models import RoundClosing
    from sitthi.registry.models import RightsCheck

    stored = set(
        Claim.objects.filter(claim_key__startswith=KEY).values_list("claim_key", flat=True)
    )
    paid = set(
        Notice.objects.filter(pk__in=world.notices, paid_on__isnull=False).values_list(
            "pk", flat=True
        )
    )
    paid_claims = Claim.objects.filter(notice_id__in=paid, state="paid").count()
    taken = set(
        Case.objects.filter(pk__in=world.cases, status="taken").values_list("pk", flat=True)
    )
    doubly_taken = (
        Offer.objects.filter(case_id__in=world.cases, outcome="taken")
        .values("case_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    checks = RightsCheck.objects.count() - world.rights_checks_before
    rows = [
        (
            "claims stored == created answers",
            len(told.created),
            len(stored),
            stored == told.created,
        ),
        ("claims sent again, answered unchanged", told.unchanged, "-", True),
        ("notices paid == successful payments", len(told.paid), len(paid), set(told.paid) == paid),
        (
            "payments answered 200 twice for a notice",
            0,
            len(told.paid) - len(set(told.paid)),
            len(told.paid) == len(set(told.paid)),
        ),
        ("claims paid == claims of paid notices", len(paid), paid_claims, paid_claims == len(paid)),
        ("cases taken == successful takes", len(told.taken), len(taken), set(told.taken) == taken),
        (
            "takes answered 200 twice for a case",
            0,
            len(told.taken) - len(set(told.taken)),
            len(told.taken) == len(set(told.taken)),
        ),
        ("cases with two taken offers", 0, doubly_taken, doubly_taken == 0),
        ("rights checks recorded == 200 answers", told.rights, checks, checks == told.rights),
        ("answers contradicting the API", 0, len(told.wrong), not told.wrong),
        # the worker beside the server: the round slot due when it started (its catch-up) and any
        # 12:00/18:00 passed during the run, each closed once (one row per slot, unique)
        ("round slots closed by the worker", "-", RoundClosing.objects.count(), True),
    ]
    connections.close_all()
    return rows


def main(argv=None) -> int:
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sitthi-soak-"))
    url, drop = fresh_database(tmp)
    env = dict(os.environ, DATABASE_URL=url, SITTHI_VAR_DIR=str(tmp))
    if "--production" in args.server_cmd:  # the settings a production server refuses to lack
        env.update(
            SITTHI_ENV="production",
            SITTHI_SECRET_KEY=secrets.token_urlsafe(64),
            SITTHI_ALLOWED_HOSTS="127.0.0.1,localhost",
            SITTHI_BEHIND_PROXY="1",
        )
    env.setdefault("DJANGO_SETTINGS_MODULE", "sitthi.settings")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    vendor = connection.vendor
    proc = worker = None
    try:
        t0 = time.perf_counter()
        world = prepare(args.seed)
        print(
            f"soak on {vendor}: data ready in {time.perf_counter() - t0:.1f} s "
            f"({len(world.notices)} notices, {len(world.cases)} offered cases, "
            f"{len(world.unit_tokens)} units)"
        )
        port = free_port()
        proc = start_server(args.server_cmd, port, env, tmp / "server.log")
        print(f"server: {args.server_cmd.format(python='python', port=port)}")
        if args.worker_cmd:
            worker = subprocess.Popen(
                shlex.split(args.worker_cmd.format(python=shlex.quote(sys.executable))),
                env=env,
                stdout=(tmp / "worker.log").open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            print(f"worker: {args.worker_cmd.format(python='python')}")
        told = Told()
        clients = [Client(i, port, world, told, args.seed) for i in range(args.clients)]
        began = time.monotonic()
        threads = [
            threading.Thread(target=c.run, args=(began + args.seconds,), daemon=True)
            for c in clients
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
        stop_server(proc)
        if worker is not None:
            stop_server(worker)
        print(f"{args.clients} clients for {elapsed:.1f} s against {vendor}:")
        bad = report(told, elapsed)
        rows = count_rows(world, told)
        print(f"\n{'the database against the answers':<44} {'told':>7} {'stored':>7}")
        for what, said, held, ok in rows:
            print(f"{what:<44} {said!s:>7} {held!s:>7}  {'ok' if ok else 'MISMATCH'}")
        for line in told.wrong[:10]:
            print("  unexpected answer:", line)
        mismatches = sum(not ok for *_, ok in rows)
        if bad or mismatches:
            print(f"FAILED: {bad} answers 5xx or unanswered, {mismatches} mismatches")
            log = (tmp / "server.log").read_text(errors="replace")
            print("server log (end):\n" + log[-4000:])
            return 1
        print("ok: no 5xx, every answer matches the database")
        return 0
    finally:
        for p in (proc, worker):
            if p is not None:
                stop_server(p)
        from django.db import connections

        connections.close_all()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
