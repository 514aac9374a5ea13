from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "sitthi.allocation"
    label = "allocation"
    verbose_name = "UC fund allocation by fiscal year"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.FiscalYearConfig)
        auditlog.register(models.Run)
