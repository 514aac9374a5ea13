"""Home-page tasks of rights and reference data (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.actor import PUBLIC
from sitthi.core.models import Role

TASKS = {
    "rights": (
        "rights_check",
        _("Check a person's rights"),
        _("Fund and main unit on a date; is a hospital in the fund's network?"),
    ),
    "checks": ("rights_checks", _("Rights checks"), _("The checks made, newest first.")),
    "public": (
        "public_rights",
        _("Check my own rights"),
        _("With your citizen ID and birth date."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"rights": 10, "checks": 100},
    Role.NHSO: {"rights": 150, "checks": 160},
    Role.FUND: {"rights": 70},
    Role.EMS: {"rights": 30},
    Role.ADMIN: {"rights": 40, "checks": 50},
    PUBLIC: {"public": 10},
}
