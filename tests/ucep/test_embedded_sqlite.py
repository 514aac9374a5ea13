"""The embedded default is a real database too: what holds on PostgreSQL (one winner of a race,
a coded 409, never a 500) holds on the SQLite file `make run` uses. Before transactions began
with BEGIN IMMEDIATE, the second of two officers billing one episode at once got a 500
("database is locked")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, check=True
    )


def test_two_officers_billing_at_once_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'sitthi.sqlite3'}"}
    run(["-m", "sitthi", "migrate", "-v0"], env)
    run(["-m", "sitthi", "demo-data", "--persons", "0", "--seed", "1"], env)
    run(["-m", "sitthi", "claims", "demo"], env)  # the fee schedule: the claim is accepted
    out = run([str(HERE / "sqlite_race.py")], env).stdout.strip().splitlines()[-1]
    result = json.loads(out)
    assert result == {"outcomes": ["NOTHING_TO_CLAIM", "billed"], "claims": 1}
