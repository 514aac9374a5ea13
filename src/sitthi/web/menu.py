"""The home-page tasks every role shares: API tokens, the API documentation, the rule
parameters, the error codes, administration and login (``sitthi.web.declared`` explains
``TASKS`` and ``PLACES``). The API documentation, the parameters and the error codes close
every role's list (places 900, 910, 920): an app's own tasks come before them."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.actor import PUBLIC
from sitthi.core.models import Role

TASKS = {
    "tokens": (
        "tokens",
        _("API tokens"),
        _("Tokens for your office's own system (HIS, fund, EMS)."),
    ),
    "api": ("api:openapi-view", _("API documentation"), _("The JSON API for hospital systems.")),
    "params": (
        "parameters",
        _("Rule parameters"),
        _("Rates, deadlines and windows with their dates and sources."),
    ),
    "errors": (
        "error_codes",
        _("Error codes"),
        _("Every error code with its Thai and English message."),
    ),
    "admin": ("admin:index", _("Administration"), _("Reference data, accounts and the audit log.")),
    "login": ("login", _("Log in"), _("For hospital, NHSO, fund and EMS staff.")),
}

SHARED = {"api": 900, "params": 910, "errors": 920}

PLACES = {
    Role.HOSPITAL: {"tokens": 110, **SHARED},
    Role.NHSO: SHARED,
    Role.FUND: {"tokens": 90, **SHARED},
    Role.EMS: {"tokens": 40, **SHARED},
    Role.SECRETARY: {"params": 910, "errors": 920},
    Role.ADMIN: {"admin": 10, **SHARED},
    PUBLIC: {"login": 40, "params": 910, "errors": 920},
}
