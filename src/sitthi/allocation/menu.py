"""Home-page tasks of the UC fund allocation (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.models import Role

TASKS = {
    "allocation": (
        "allocation",
        _("UC fund allocation"),
        _("Fiscal years, their budget lines and rules; runs by unit, province and region."),
    ),
    "allocation_mine": (
        "allocation",
        _("What the UC fund allocates to us"),
        _("Your unit's statement for each allocation run, line by line."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"allocation_mine": 80},
    Role.NHSO: {"allocation": 50},
    Role.FUND: {"allocation": 60},
    Role.ADMIN: {"allocation": 20},
}
