"""Home-page task of the change feed: the office's webhooks and their deliveries (its form:
``sitthi.web.declared``). Offered to the offices the change feed serves (``services.office_of``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.models import Role

TASKS = {
    "webhooks": (
        "webhooks",
        _("Webhooks"),
        _("Where Sitthi sends your office's events; deliveries and sending again."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"webhooks": 115},
    Role.FUND: {"webhooks": 95},
    Role.EMS: {"webhooks": 45},
    Role.NHSO: {"webhooks": 170},
}
