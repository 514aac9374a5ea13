from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "sitthi.claims"
    label = "claims"
    verbose_name = "Clearing house: claims, notices and payments"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Claim, mask_fields=["citizen_id"])
        auditlog.register(models.Notice)
        auditlog.register(models.TariffVersion)
        auditlog.register(models.ClaimDocument, exclude_fields=["data"])
