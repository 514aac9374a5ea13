"""Limits on guessing: who the client is (its address), the locked-login answer of django-axes,
bad API tokens per address, and the public look-ups by citizen ID (sent by POST only, so that
no citizen ID sits in an address, a proxy's log or the browser's history, and a few a minute
per address).

The counters live in the ``limits`` cache (a ``DatabaseCache`` whose table a migration of
``sitthi.core`` creates), so every worker process of the server counts the same. A counter is
a fixed window: the key names the window (``<what>:<address>:<window number>``) and expires
with it. The database cache's increment is a read and a write, not one atomic statement: two
requests at the same instant may count once, so the limit is a little soft under a burst,
never lifted.

The client's address is ``REMOTE_ADDR``; behind a proxy, the header the proxy sets
(``SITTHI_CLIENT_IP_HEADER``, e.g. ``X-Forwarded-For``) names it, and only then: the right-most
entry, the one the proxy itself wrote (entries to its left come from the client and can be
forged)."""

from __future__ import annotations

import functools
import ipaddress
import re
import time

from django.conf import settings
from django.core.cache import caches

from .errors import SitthiError

#: Public look-ups by citizen ID per address and minute.
LOOKUPS_PER_MINUTE = 10
#: Invalid API tokens per address before the address is refused, and the window.
BAD_TOKENS = 20
BAD_TOKEN_WINDOW_SECONDS = 15 * 60

_CID_LIKE = re.compile(r"^\D*(\d\D?){13}$")
_CID_NAMES = {"citizen_id", "cid", "pid", "harmed_cid", "requester_cid"}


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def address_of(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the configured proxy header's right-most entry;
    None when neither is an IP address (django-axes stores it in an address column)."""
    header = getattr(settings, "SITTHI_CLIENT_IP_HEADER", None)
    if header:
        meta = "HTTP_" + header.upper().replace("-", "_")
        entries = [e for e in request.META.get(meta, "").split(",") if e.strip()]
        if entries and _valid(entries[-1]):
            return _valid(entries[-1])
    return _valid(request.META.get("REMOTE_ADDR") or "")


def client_ip(request) -> str:
    """The client's address as a counter's key ("unknown" when there is none)."""
    return address_of(request) or "unknown"


def _store():
    return caches["limits"]


def _window(seconds: int) -> int:
    return int(time.time() // seconds)


def _count(key: str, seconds: int) -> int:
    """Add one to the counter of this window and return the new count."""
    store = _store()
    if store.add(key, 1, seconds + 5):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, seconds + 5)
        return 1


# -- logins (django-axes) ----------------------------------------------------------------------


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account or address: the refusal page, code LOGIN_LOCKED,
    status 429, Thai and English."""
    from sitthi.web.pages import refused

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return refused(request, SitthiError.one("LOGIN_LOCKED", minutes=minutes))


# -- API tokens --------------------------------------------------------------------------------


def _bad_token_key(request) -> str:
    return f"badtoken:{client_ip(request)}:{_window(BAD_TOKEN_WINDOW_SECONDS)}"


def refuse_if_too_many_bad_tokens(request) -> None:
    if (_store().get(_bad_token_key(request)) or 0) >= BAD_TOKENS:
        raise SitthiError.one("TOO_MANY_BAD_TOKENS", minutes=BAD_TOKEN_WINDOW_SECONDS // 60)


def count_bad_token(request) -> None:
    _count(_bad_token_key(request), BAD_TOKEN_WINDOW_SECONDS)


# -- public look-ups by citizen ID -------------------------------------------------------------


def cid_in_address(request) -> bool:
    """The query string carries a citizen ID: a parameter named like one, or any value of 13
    digits (with or without separators)."""
    for name, values in request.GET.lists():
        if name.lower() in _CID_NAMES:
            return True
        if any(_CID_LIKE.match(v) for v in values):
            return True
    return False


def refuse_cid_in_address(request) -> None:
    if cid_in_address(request):
        raise SitthiError.one("CID_IN_ADDRESS")


def count_lookup(request, what: str) -> None:
    """One more look-up from this address; past the limit, TOO_MANY_LOOKUPS (429)."""
    key = f"lookup:{what}:{client_ip(request)}:{_window(60)}"
    if _count(key, 60) > LOOKUPS_PER_MINUTE:
        raise SitthiError.one("TOO_MANY_LOOKUPS", limit=LOOKUPS_PER_MINUTE)


def cid_lookup(what: str, *, limited: bool = True):
    """A page view that looks a person up by citizen ID: no citizen ID in the address (400
    CID_IN_ADDRESS, nothing looked up), and, when ``limited``, each POST counts against the
    address's look-ups (429 TOO_MANY_LOOKUPS). The refusals are ``SitthiError``s, drawn by
    ``sitthi.web.middleware.RefusalPage``."""

    def wrap(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            refuse_cid_in_address(request)
            if limited and request.method == "POST":
                count_lookup(request, what)
            return view(request, *args, **kwargs)

        return inner

    return wrap
