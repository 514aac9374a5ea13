from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "sitthi.finance"
    label = "finance"
    verbose_name = "Hospital finance: risk score and Bright Spot award"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Statement)
        auditlog.register(models.Nomination)
        auditlog.register(models.Submission)
        auditlog.register(models.AwardRun)
