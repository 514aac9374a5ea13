"""Home-page task of background jobs (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.models import Role

TASKS = {
    "jobs": (
        "jobs",
        _("Background jobs"),
        _("Claims files, allocation runs and round closes: their progress and outcome."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"jobs": 65},
    Role.NHSO: {"jobs": 145},
    Role.ADMIN: {"jobs": 25},
}
