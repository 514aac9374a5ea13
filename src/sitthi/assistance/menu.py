"""Home-page tasks of initial assistance (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.actor import PUBLIC
from sitthi.core.models import Role

TASKS = {
    "assistance": (
        "assistance_queue",
        _("Initial assistance requests"),
        _("Section 41, harmed providers, vaccine injury: the queue by stage and age."),
    ),
    "assistance_new": (
        "assistance_new",
        _("Register an assistance request"),
        _("Who was harmed, who asks, where and when, with the documents."),
    ),
    "assistance_report": (
        "assistance_report",
        _("Initial assistance: yearly report"),
        _("By programme, category and province; XLSX and charts."),
    ),
    "assistance_status": (
        "assistance_status",
        _("Where is my assistance request?"),
        _("The stage and dates of a request, by its number and your citizen ID."),
    ),
}

PLACES = {
    Role.NHSO: {"assistance": 60, "assistance_report": 70},
    Role.SECRETARY: {
        "assistance": 10,
        "assistance_new": 20,
        "assistance_report": 30,
        "assistance_status": 40,
    },
    PUBLIC: {"assistance_status": 30},
}
