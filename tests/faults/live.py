"""A live Sitthi server in a subprocess for the fault tests: the real `sitthi serve` (waitress,
several threads) on a free loopback port, against the database its environment names."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

SRC = Path(__file__).resolve().parents[2] / "src"
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(var_dir: Path, database_url: str | None = None) -> dict:
    """The environment of a server and its management commands: this checkout's code, its own
    var folder, and the database (the SQLite file in ``var_dir`` unless ``database_url``)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "SITTHI_VAR_DIR": str(var_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def sitthi(env: dict, *args: str, timeout: int = 300) -> str:
    """Run `sitthi <args>` (or a script path as first argument) and return its output."""
    cmd = (
        [sys.executable, *args]
        if args[0].endswith(".py")
        else [sys.executable, "-m", "sitthi", *args]
    )
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Server:
    """`sitthi serve` on a free port; ``url(path)``; stopped (and its log kept) by ``stop``."""

    def __init__(self, env: dict, log: Path, threads: int = 8):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sitthi",
                "serve",
                "--port",
                str(self.port),
                "--threads",
                str(threads),
            ],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def url(self, path: str) -> str:
        return self.base + path

    def _wait_ready(self, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited:\n{self.log()}")
            try:
                requests.get(self.url("/accounts/login/"), timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"server not ready in {seconds} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
