from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "sitthi.assistance"
    label = "assistance"
    verbose_name = "Initial assistance (Section 41, providers, vaccine injury)"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(
            models.Request,
            mask_fields=["harmed_cid", "requester_cid", "requester_contact"],
        )
        auditlog.register(models.Document, exclude_fields=["data"])
        auditlog.register(models.Review)
        auditlog.register(models.Payment)
