from django.apps import AppConfig


class IsolationConfig(AppConfig):
    name = "sitthi.isolation"
    label = "isolation"
    verbose_name = "HI Portal: isolation case dispatch"
    # The round close runs in `sitthi worker` (sitthi.jobs.rounds: a queue schedule at 12:00
    # and 18:00, once per slot however many processes run), no longer inside the web server.

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Case, mask_fields=["citizen_id", "contact", "address"])
        auditlog.register(models.Unit)
        auditlog.register(models.Offer)
