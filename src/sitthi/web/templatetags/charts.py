from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from sitthi.web.finders import PLOTLY_PATH

register = template.Library()


@register.simple_tag
def plotly_script():
    """Plotly's script under its versioned name (``sitthi.web.finders``): fetched once,
    compressed, then kept by the browser."""
    return format_html('<script src="{}"></script>', static(PLOTLY_PATH))
