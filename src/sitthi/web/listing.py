"""Every list page works the same way: paginated, searchable, filtered by the fields people
look for, and exporting what it shows.

An area declares its list once, as a ``Listing`` of ``Filter``s; the page view calls
``Listing.run`` and the API can call ``Listing.apply`` with the same names, so a filter means
the same on the page, in the export and over the API.

- ``q`` — one search box; the area says what it searches (hospital code or name, claim key,
  notice number …) with ``search``.
- choices (``choice``), free text (``text``), and dates typed as Thai users type them
  (``date_from``/``date_to``: dd/mm/yyyy in the Buddhist Era or the Christian Era, read by
  ``thaitime.read_date``; a range whose end is before its start is DATE_ORDER).
- a citizen ID never travels in the address (CID_IN_ADDRESS, ``sitthi.core.limits``): the page
  sends it by POST, the server keeps it in the session under a short random key and redirects
  to ``?person=<key>``, so paging and exporting keep the search without the number in any
  address, log line or browser history.
- a bad filter value is a coded error shown above the list (400), and the list shows nothing
  rather than rows the officer did not ask for.
- ``?format=xlsx`` / ``?format=csv`` with the same filters exports every row the filters
  select (all pages, not only the one on screen); the view writes the file with
  ``sitthi.web.exports.table_response``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.utils import timezone

from sitthi.core import limits
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.rules import citizen_id as cid_rules
from sitthi.rules.kernel import thaitime

__all__ = ["Filter", "Listed", "Listing", "PER_PAGE_CHOICES"]

#: How many rows a page may show (?per=); the first is the default.
PER_PAGE_CHOICES = (25, 50, 100)

#: Parameters that are not filters: kept out of ``Listed.query`` so that a page link or an
#: export link can add its own.
_NOT_FILTERS = ("page", "format", "per")

#: How many person searches a session remembers (oldest dropped first).
_PERSON_KEYS_KEPT = 20
_SESSION_KEY = "listing_persons"

KINDS = ("search", "choice", "text", "date_from", "date_to")


@dataclass(frozen=True)
class Filter:
    """One filter of a list: the query parameter ``name``, its label (Thai, English), its kind
    and how it filters. ``apply(rows, value)`` gets the rows and the read value (a ``date`` for
    the date kinds, a stripped string otherwise); a string is a queryset lookup
    (``rows.filter(**{lookup: value})``). ``choices`` (value, label) for ``choice``; ``shown``
    says for which actor the filter is offered (a hospital has no hospital filter)."""

    name: str
    label: tuple[str, str]
    kind: str = "text"
    apply: str | Callable = ""
    choices: Callable | tuple = ()
    shown: Callable = lambda actor: True
    maxlength: int = 100

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown filter kind {self.kind!r}")

    def options(self, actor) -> list[tuple[str, str]]:
        return list(self.choices(actor) if callable(self.choices) else self.choices)


@dataclass
class Listed:
    """What a list view renders: the page of rows, the filtered rows (for an export), the
    values typed, the problems with them, and the filters as a query string."""

    rows: object
    page: Page
    values: dict[str, str]
    errors: list[dict]
    query: str
    filters: list[dict]
    person: str = ""
    person_masked: str = ""
    per: int = PER_PAGE_CHOICES[0]
    total: int = 0
    with_person: bool = False
    extra: dict = field(default_factory=dict)

    per_choices = PER_PAGE_CHOICES

    @property
    def query_without_person(self) -> str:
        return urlencode([(k, v) for k, v in parse_qsl(self.query) if k != "person"])

    @property
    def filtered(self) -> bool:
        return any(self.values.values()) or bool(self.person)

    def link(self, **more) -> str:
        """``?`` + the filters + ``more`` (a page number, a format)."""
        parts = [p for p in (self.query, urlencode(more) if more else "") if p]
        return "?" + "&".join(parts)

    @property
    def export_xlsx(self) -> str:
        return self.link(format="xlsx")

    @property
    def export_csv(self) -> str:
        return self.link(format="csv")

    def page_link(self, number: int) -> str:
        return self.link(page=number)


def _count(rows) -> int:
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


class Listing:
    """A list page's filters. ``search(rows, text)`` is what the ``q`` box searches;
    ``person(rows, citizen_id)`` filters by a citizen ID (the page then offers the POST search
    by citizen ID)."""

    def __init__(
        self,
        name: str,
        filters: Iterable[Filter] = (),
        *,
        search: Callable | None = None,
        search_label: tuple[str, str] = ("ค้นหา", "Search"),
        person: Callable | None = None,
    ):
        self.name = name
        self.filters = tuple(filters)
        if search is not None:
            self.filters = (
                Filter("q", search_label, "search", search, maxlength=100),
                *self.filters,
            )
        self.person = person
        names = [f.name for f in self.filters]
        if len(set(names)) != len(names) or set(names) & {*_NOT_FILTERS, "person"}:
            raise ValueError(f"filter names of {name} clash: {names}")

    # -- the rules, the same for the page and the API --------------------------------------

    def offered(self, actor) -> list[Filter]:
        return [f for f in self.filters if f.shown(actor)]

    def read(self, actor, params: Mapping[str, str], today: date) -> tuple[dict, list[ErrorItem]]:
        """The typed values (stripped) and their read form, and every problem with them at
        once: an unknown choice (LIST_FILTER_INVALID), a date the kernel cannot read
        (DATE_INVALID, DATE_ABSURD), a range ending before it starts (DATE_ORDER)."""
        read, problems = {}, []
        for f in self.offered(actor):
            raw = str(params.get(f.name) or "").strip()
            if not raw:
                continue
            if len(raw) > f.maxlength:
                problems.append(
                    ErrorItem("LIST_FILTER_INVALID", f.name, {"field": f.label, "value": raw[:20]})
                )
                continue
            if f.kind == "choice":
                if raw not in {v for v, _ in f.options(actor)}:
                    problems.append(
                        ErrorItem("LIST_FILTER_INVALID", f.name, {"field": f.label, "value": raw})
                    )
                    continue
                read[f.name] = raw
            elif f.kind in ("date_from", "date_to"):
                try:
                    read[f.name] = thaitime.read_date(raw, today).value
                except thaitime.DateUnread as unread:
                    problems.append(ErrorItem(unread.code, f.name, unread.params))
            else:
                read[f.name] = raw
        starts = [f for f in self.offered(actor) if f.kind == "date_from" and f.name in read]
        ends = [f for f in self.offered(actor) if f.kind == "date_to" and f.name in read]
        for start in starts:
            for end in ends:
                if read[end.name] < read[start.name]:
                    problems.append(ErrorItem("DATE_ORDER", end.name))
        return read, problems

    def apply(self, actor, rows, params: Mapping[str, str], today: date, *, citizen_id=""):
        """The rows the filters select; raises SitthiError with every problem at once."""
        read, problems = self.read(actor, params, today)
        if problems:
            raise SitthiError(*problems)
        return self._filter(actor, rows, read, citizen_id)

    def _filter(self, actor, rows, read: dict, citizen_id: str):
        for f in self.offered(actor):
            if f.name not in read:
                continue
            if callable(f.apply):
                rows = f.apply(rows, read[f.name])
            else:
                rows = rows.filter(**{f.apply: read[f.name]})
        if citizen_id and self.person is not None:
            rows = self.person(rows, citizen_id)
        return rows

    # -- the page ----------------------------------------------------------------------------

    def run(self, request, actor, rows, *, per_page: int | None = None):
        """Filter, page and describe ``rows`` for a list page. A POST with ``citizen_id`` is
        the person search: answered with a redirect (303) to the list with ``?person=<key>``.
        A citizen ID in the address is refused (400 CID_IN_ADDRESS) before anything is read."""
        limits.refuse_cid_in_address(request)
        if request.method == "POST" and self.person is not None:
            return self._remember_person(request)
        today = thaitime.bangkok_date(timezone.now())
        params = request.GET
        read, problems = self.read(actor, params, today)
        person_key = (params.get("person") or "").strip()
        citizen_id = ""
        problems += [_item(e) for e in person_errors(request)]
        if person_key and self.person is not None:
            citizen_id = request.session.get(_SESSION_KEY, {}).get(person_key, "")
            if not citizen_id:
                problems.append(ErrorItem("LIST_PERSON_EXPIRED", "person"))
        rows = self._filter(actor, rows, read, citizen_id)
        if problems:
            rows = rows.none() if isinstance(rows, QuerySet) else []
        per = per_page or _per(params.get("per"))
        values = {f.name: str(params.get(f.name) or "").strip() for f in self.offered(actor)}
        query = {k: v for k, v in values.items() if v}
        if citizen_id:
            query["person"] = person_key
        if per != PER_PAGE_CHOICES[0] and per_page is None:
            query["per"] = per
        page = Paginator(rows, per).get_page(params.get("page"))
        from sitthi.core.logmask import mask_citizen_id

        return Listed(
            rows=rows,
            page=page,
            values=values,
            errors=[p.as_dict() for p in problems],
            query=urlencode(query),
            filters=[_described(f, actor, values[f.name]) for f in self.offered(actor)],
            person=person_key if citizen_id else "",
            person_masked=mask_citizen_id(citizen_id) if citizen_id else "",
            per=per,
            total=page.paginator.count,
            with_person=self.person is not None,
        )

    def _remember_person(self, request):
        back = {k: v for k, v in request.POST.items() if k in {f.name for f in self.filters}}
        cid = cid_rules.normalise(request.POST.get("citizen_id", ""))
        code = cid_rules.problem(cid)
        if code:
            request.session["listing_person_errors"] = [ErrorItem(code, "citizen_id").as_dict()]
            return _see_other(request.path, back)
        kept = dict(request.session.get(_SESSION_KEY, {}))
        key = secrets.token_urlsafe(6)
        kept[key] = cid
        request.session[_SESSION_KEY] = dict(list(kept.items())[-_PERSON_KEYS_KEPT:])
        back["person"] = key
        return _see_other(request.path, back)


def _see_other(path: str, query: dict) -> HttpResponseRedirect:
    response = HttpResponseRedirect(path + "?" + urlencode({k: v for k, v in query.items() if v}))
    response.status_code = 303
    return response


def person_errors(request) -> list[dict]:
    """The citizen-ID search's refusal, shown once after its redirect."""
    return request.session.pop("listing_person_errors", [])


def _item(error: dict) -> ErrorItem:
    return ErrorItem(error["code"], error.get("field"))


def _per(text) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        return PER_PAGE_CHOICES[0]
    return value if value in PER_PAGE_CHOICES else PER_PAGE_CHOICES[0]


def _described(f: Filter, actor, value: str) -> dict:
    from django.utils.translation import get_language

    return {
        "name": f.name,
        "label": f.label[1] if (get_language() or "th").startswith("en") else f.label[0],
        "kind": f.kind,
        "value": value,
        "options": f.options(actor) if f.kind == "choice" else [],
        "maxlength": f.maxlength,
    }
