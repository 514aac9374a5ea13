from django.apps import AppConfig


class IsolationConfig(AppConfig):
    name = "sitthi.isolation"
    label = "isolation"
    verbose_name = "HI Portal: isolation case dispatch"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Case, mask_fields=["citizen_id", "contact", "address"])
        auditlog.register(models.Unit)
        auditlog.register(models.Offer)
