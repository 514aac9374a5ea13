"""Home-page tasks of the HI Portal (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.models import Role

TASKS = {
    "isolation": (
        "isolation_inbox",
        _("Isolation cases (HI/CI)"),
        _("Cases offered to your unit, with the time left in the round."),
    ),
    "isolation_board": (
        "isolation_board",
        _("Isolation dispatch board"),
        _("Add HI/CI cases; watch offers, hand-ons and the NHSO queue."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"isolation": 30},
    Role.NHSO: {"isolation_board": 40},
}
