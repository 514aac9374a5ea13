"""A throwaway PostgreSQL cluster of the test's own, to stop and start at will (the way
scripts/with-postgres.sh makes one: initdb in a temporary folder, a free loopback port; as
root, the server runs as the ``postgres`` user, since PostgreSQL refuses to run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .live import free_port


def pg_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self):
        self.bin = pg_bin()
        # Not under pytest's tmp_path: as root that is closed to the postgres user.
        self.folder = folder = Path(tempfile.mkdtemp(prefix="sitthi-faults-pg."))
        self.data = folder / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "sitthi")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/sitthi"

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(self.bin / tool), *args], capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)}: {done.stdout}{done.stderr}")

    def start(self) -> None:
        opts = (
            # fsync off is safe here: a server process killed (not the machine) loses nothing
            # the kernel was given. synchronous_commit stays on: off, a crash loses commits
            # already answered 201 (this test saw 4 of 167 claims lost so).
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-o",
            opts,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
