"""Home-page tasks of UCEP (their form: ``sitthi.web.declared``)."""

from django.utils.translation import gettext_lazy as _

from sitthi.core.actor import PUBLIC
from sitthi.core.models import Role

TASKS = {
    "ucep": (
        "ucep_list",
        _("Emergency patients (UCEP)"),
        _("Triage, transfers, the 72-hour window and who pays each charge."),
    ),
    "ucep_ems": (
        "ucep_ems",
        _("EMS inbox"),
        _("Notified emergency patients and where they go back to."),
    ),
    "ucep_fund": ("ucep_fund", _("UCEP notices"), _("UCEP claims notified to your fund.")),
    "ucep_covered": (
        "ucep_covered",
        _("Am I covered in an emergency?"),
        _("UCEP in plain words, for your situation."),
    ),
}

PLACES = {
    Role.HOSPITAL: {"ucep": 20},
    Role.NHSO: {"ucep": 110, "ucep_ems": 120},
    Role.FUND: {"ucep_fund": 20, "ucep": 50},
    Role.EMS: {"ucep_ems": 10, "ucep": 20},
    PUBLIC: {"ucep_covered": 20},
}
