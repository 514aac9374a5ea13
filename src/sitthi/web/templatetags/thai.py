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

    return thai_strftime(datetime(value.year, value.month, value.day), "%-d %B %Y")
