"""Home-page tasks of hospital finance (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.models import Role

TASKS = {
    "finance": (
        "finance",
        _("Hospital finance: risk score"),
        _("Quarterly statements, the MOPH risk level 0–7 and its trend."),
    ),
    "brightspot": (
        "brightspot",
        _("Bright Spot award"),
        _("Nominations, scores by the criteria, prizes and certificates."),
    ),
    "finance_watch": (
        "finance_watch",
        _("Watch list (levels 6 and 7)"),
        _("A region's hospitals in financial crisis, quarter by quarter."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"finance": 90},
    Role.NHSO: {"finance": 80, "finance_watch": 90, "brightspot": 100},
}
