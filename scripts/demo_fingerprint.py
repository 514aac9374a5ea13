"""Load the demo into a fresh embedded database and print what it decided, as JSON lines.

Used to show that a refactoring changes no behaviour: run it before and after and compare
(``diff``). Times of day and content hashes (parameter-set versions) are left out, because
they change with the clock and with the layout of the parameter files, not with a decision.

    .venv/bin/python scripts/demo_fingerprint.py > before.jsonl
"""

import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

PERSONS = os.environ.get("DEMO_PERSONS", "1500")
STEPS = [
    ["migrate", "--noinput"],
    ["demo-data", "--persons", PERSONS, "--seed", "2567"],
    ["claims", "demo"],
    ["ucep", "demo"],
    ["isolation", "demo"],
    ["allocate", "--demo"],
    ["assistance", "demo"],
    ["finance", "demo"],
]
SKIP_NAMES = ("version", "hash", "digest", "token", "password", "session")


def dump() -> None:
    import django
    from django.apps import apps
    from django.db import models

    django.setup()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not model._meta.label.startswith(
            ("registry.", "claims.", "ucep.", "isolation.", "allocation.", "assistance.", "finance.")
        ):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if not isinstance(f, models.DateTimeField)
            and not any(s in f.name for s in SKIP_NAMES)
        ]
        for row in model.objects.order_by("pk").values_list(*[f.attname for f in fields]):
            out = {}
            for f, v in zip(fields, row):
                if isinstance(v, Decimal):
                    v = str(v)
                elif isinstance(v, (dict, list)):
                    v = _strip(v)
                elif not isinstance(v, (str, int, float, bool, type(None))):
                    v = str(v)
                out[f.attname] = v
            print(json.dumps({model._meta.label: out}, ensure_ascii=False, sort_keys=True))


def _strip(v):
    """JSON documents: drop keys that hold times or hashes."""
    if isinstance(v, dict):
        return {
            k: _strip(x)
            for k, x in v.items()
            if not any(s in k for s in SKIP_NAMES + ("_at", "started", "finished", "seconds"))
        }
    if isinstance(v, list):
        return [_strip(x) for x in v]
    return v


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--dump":
        dump()
        sys.exit(0)
    with tempfile.TemporaryDirectory() as var:
        env = dict(os.environ, SITTHI_VAR_DIR=var, DJANGO_SETTINGS_MODULE="sitthi.settings")
        env.pop("DATABASE_URL", None)
        for step in STEPS:
            subprocess.run(
                [sys.executable, "-m", "sitthi", *step], env=env, check=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        subprocess.run([sys.executable, str(Path(__file__)), "--dump"], env=env, check=True)
