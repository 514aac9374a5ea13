import re

from django import template
from django.utils.translation import get_language

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.kernel import thaitime

register = template.Library()


@register.filter
def be_date(value):
    return thaitime.be_date(value, get_language() or "th")


@register.filter
def be_datetime(value):
    return thaitime.be_datetime(value, get_language() or "th")


@register.filter
def cid_masked(value):
    return mask_citizen_id(value or "")


@register.filter
def cid_pretty(value):
    """1-2345-67890-12-3, the way the card prints it."""
    v = value or ""
    if len(v) != 13:
        return v
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


@register.filter
def bi(obj, field="name"):
    """The Thai or English name of a reference object, by the page's language."""
    if obj is None:
        return ""
    lang = (get_language() or "th")[:2]
    value = getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_th", "")
    return value


@register.filter
def baht_words(value):
    """An amount in Thai words, as letters write it: 200000 → สองแสนบาทถ้วน (PyThaiNLP)."""
    from decimal import Decimal

    from pythainlp.util import bahttext

    if value is None or value == "":
        return ""
    return bahttext(float(Decimal(value).quantize(Decimal("0.01"))))


@register.filter
def be_date_long(value):
    """A date with the full Thai month and the Buddhist-Era year: 20 พฤษภาคม 2567."""
    from pythainlp.util import thai_strftime

    if value is None:
        return ""
    from datetime import datetime

    if isinstance(value, datetime) and value.tzinfo:  # a moment: its day in Bangkok
        value = value.astimezone(thaitime.BANGKOK)
    return thai_strftime(datetime(value.year, value.month, value.day), "%-d %B %Y")


@register.simple_tag
def date_input(name, value="", required=False, fallback=None, keep=None, step=None):
    """A date field Thai users can type in: dd/mm/yyyy in the Buddhist Era (or Christian),
    or yyyy-mm-dd, read by ``thaitime.read_date``; beside it, what it was read as (or how to
    type it). ``fallback`` is shown when there is no typed value, or — with ``step`` — when
    the failed step ``keep`` is not this form's ``step``."""
    from django.utils import timezone
    from django.utils.html import format_html
    from django.utils.translation import gettext

    if step is not None and keep != step:
        value = ""
    if value in (None, ""):
        value = fallback
    shown = thaitime.form_value(value)
    hint = gettext("Type dd/mm/yyyy, e.g. 01/03/2567 (BE) or 2024-03-01 (CE)")
    if shown:
        try:
            read = thaitime.read_date(shown, thaitime.bangkok_date(timezone.now()))
            hint = read.hint(get_language() or "th")
        except thaitime.DateUnread:
            pass
    return format_html(
        '<input type="text" name="{}" value="{}" inputmode="numeric" autocomplete="off"'
        ' maxlength="10" placeholder="{}" data-date-field{}><small class="date-hint"'
        ' data-testid="date-hint-{}" data-help="{}">{}</small>',
        name,
        shown,
        gettext("dd/mm/yyyy"),
        " required" if required else "",
        name,
        gettext("Type dd/mm/yyyy, e.g. 01/03/2567 (BE) or 2024-03-01 (CE)"),
        hint,
    )


def _number(value) -> str:
    """A decimal as people read it: thousands separators, its own decimals (37.00, 2,895.09)."""
    from decimal import Decimal

    d = Decimal(value)
    places = max(0, -d.as_tuple().exponent) if d.as_tuple().exponent < 0 else 0
    return f"{d:,.{places}f}"


#: The severities a ceiling table is keyed by, as users read them.
_SEVERITY = {
    "death_disability": (
        "เสียชีวิต พิการถาวร หรือเจ็บป่วยเรื้อรังตลอดชีวิต",
        "death, permanent disability or lifelong illness",
    ),
    "organ_loss": ("สูญเสียอวัยวะหรือพิการ", "loss of an organ or disability"),
    "injury": ("บาดเจ็บหรือเจ็บป่วยต่อเนื่อง", "injury or ongoing illness"),
}


@register.filter
def param_value(value):
    """A rule parameter's value in words and numbers, never as a Python value: yes/no, a
    number with separators, a ceiling table as "severity: from–to" lines."""
    from collections.abc import Mapping
    from decimal import Decimal

    en = (get_language() or "th").startswith("en")
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("ใช่" if value else "ไม่ใช่")
    if isinstance(value, (Decimal, int, float)):
        return _number(value)
    if isinstance(value, Mapping):
        parts = []
        for key, inner in value.items():
            label = _SEVERITY.get(key, (key.replace("_", " "), key.replace("_", " ")))[en]
            if isinstance(inner, Mapping) and set(inner) <= {"min", "max"}:
                low, high = inner.get("min"), inner.get("max")
                if low is not None and high is not None:
                    amount = f"{_number(low)}–{_number(high)}"
                elif high is not None:
                    amount = ("up to " if en else "ไม่เกิน ") + _number(high)
                else:
                    amount = ("from " if en else "ตั้งแต่ ") + _number(low)
            else:
                amount = param_value(inner)
            parts.append(f"{label}: {amount}")
        return "; ".join(parts)
    if isinstance(value, (list, tuple)):
        return ", ".join(param_value(v) for v in value)
    return "" if value is None else str(value)


_SEED_REF = re.compile(
    r"\bseeds?\s+\d{3}(?:_\w+\.txt)?(?:\s*,\s*\d{3}(?:_\w+\.txt)?)*,?\s*"
    r"(?:(?:lines?|p\.|pages?|steps?)\s*[\d–\-, ]*)?:?\s*",
    re.I,
)
_DOC_REF = re.compile(r"\b[A-Z][A-Z_]+\.md\b\s*,?\s*")
_TAG = re.compile(r"\s*\[[A-Z]{1,2}\]")


@register.filter
def public_source(text):
    """A parameter's cited source as the public reads it: the quoted law and figures, without
    the project's file names (FACTS.md, seed files, line numbers); those stay in the docs."""
    text = _SEED_REF.sub("", text or "")
    text = _DOC_REF.sub("", text)
    text = _TAG.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,")


@register.filter
def page_link(listed, number):
    """A list's link to page ``number`` with its filters (``sitthi.web.listing.Listed``)."""
    return listed.page_link(number)
