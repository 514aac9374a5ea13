"""Home-page tasks of the clearing house (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.models import Role

TASKS = {
    "claims": ("claim_list", _("Claims"), _("Submitted claims, their decisions and states.")),
    "claim_new": ("claim_form", _("New claim"), _("Type in one claim; it is priced at once.")),
    "upload": (
        "claim_upload",
        _("Upload claims"),
        _("A CSV/Excel file or the e-Claim ZIP, with a per-row report."),
    ),
    "stm": ("statement", _("Statement of payment"), _("What was paid, per period (STM).")),
    "deadlines": ("deadlines", _("Deadlines"), _("Notices and payments due, and overdue.")),
    "notices": ("notices", _("Notices to funds"), _("Notify owner funds; record payments.")),
    "tariffs": ("tariffs", _("Fee schedules"), _("Items, prices and their dates.")),
    "whatif": (
        "whatif_form",
        _("What-if"),
        _("Other rates or schedules over a period's claims: the money compared."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"claims": 40, "claim_new": 50, "upload": 60, "stm": 70, "tariffs": 120},
    Role.NHSO: {
        "claims": 10,
        "deadlines": 20,
        "notices": 30,
        "stm": 130,
        "tariffs": 140,
        "whatif": 142,
    },
    Role.FUND: {"notices": 10, "deadlines": 30, "claims": 40, "tariffs": 80},
    Role.ADMIN: {"tariffs": 30},
}
