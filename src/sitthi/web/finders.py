"""Plotly's script as a static file, taken from the Python package (no CDN), under a name
that carries its version (``sitthi/vendor/plotly-7.1.0/plotly.min.js``, ``PLOTLY_PATH``): a
browser may keep it for a year, and a new Plotly is a new address. In production it is
collected, hashed and compressed like the project's own files; where files are served from the
finders (``make run``, the tests) ``StaticFiles`` below serves it compressed and cached too,
so no chart page waits for 4.8 MB."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from wsgiref.headers import Headers

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import StaticFile

FILE = "plotly.min.js"


def _plotly_dir() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data"


def _version() -> str:
    import plotly

    return plotly.__version__


PREFIX = f"sitthi/vendor/plotly-{_version()}"
#: The static path templates link (through ``{% plotly_script %}``).
PLOTLY_PATH = f"{PREFIX}/{FILE}"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(_plotly_dir()))
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path == PLOTLY_PATH:
            found = str(_plotly_dir() / FILE)
            return [found] if find_all else found
        return []

    def list(self, ignore_patterns):
        yield FILE, self.storage


def gzipped_copy(source: str, cache_dir: Path) -> str:
    """``source`` compressed once into ``cache_dir`` (made again only when the source is
    newer or of another size); written whole or not at all, as several processes may ask."""
    src = Path(source)
    stat = src.stat()
    target = cache_dir / f"plotly-{_version()}-{stat.st_size}.min.js.gz"
    if target.exists() and target.stat().st_mtime >= stat.st_mtime:
        return str(target)
    cache_dir.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    part.write_bytes(gzip.compress(src.read_bytes(), compresslevel=9, mtime=0))
    os.replace(part, target)
    return str(target)


class StaticFiles(WhiteNoiseMiddleware):
    """whitenoise, and Plotly's script under its versioned name: cached for a year
    (``immutable``), and gzip-compressed for a browser that accepts it also when it is served
    from the package through the finders, where whitenoise would find no ``.gz`` beside it."""

    def immutable_file_test(self, path, url):
        return url == self.static_prefix + PLOTLY_PATH or super().immutable_file_test(path, url)

    def get_static_file(self, path, url, stat_cache=None):
        if url != self.static_prefix + PLOTLY_PATH or os.path.exists(path + ".gz"):
            return super().get_static_file(path, url, stat_cache)
        from django.conf import settings

        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        self.add_cache_headers(headers, path, url)
        if self.allow_all_origins:
            headers["Access-Control-Allow-Origin"] = "*"
        gz = gzipped_copy(path, Path(settings.VAR_DIR) / "cache")
        return StaticFile(path, headers.items(), encodings={"gzip": gz})
