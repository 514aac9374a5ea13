from django.apps import AppConfig

from sitthi.web.declared import Job


class IsolationConfig(AppConfig):
    name = "sitthi.isolation"
    label = "isolation"
    verbose_name = "HI Portal: isolation case dispatch"
    #: `sitthi serve` starts the round closer, so a deadline closes even when nobody has a page
    #: open (`sitthi isolation close-round` does the same from cron).
    background_jobs = (Job("isolation round closer", "sitthi.isolation.scheduler.start", 60),)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Case, mask_fields=["citizen_id", "contact", "address"])
        auditlog.register(models.Unit)
        auditlog.register(models.Offer)
