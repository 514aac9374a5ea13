from django.apps import AppConfig


class UcepConfig(AppConfig):
    name = "sitthi.ucep"
    label = "ucep"
    verbose_name = "UCEP: emergency-critical episodes"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Episode, mask_fields=["citizen_id"])
        for model in (
            models.Stay,
            models.Triage,
            models.Charge,
            models.EmsAction,
            models.Agreement,
            models.TransferQueue,
        ):
            auditlog.register(model)
