from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sitthi.core"
    label = "core"
    verbose_name = "Sitthi core: accounts, tokens, audit"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.ApiToken, exclude_fields=["token_hash", "last_used_at"])
        auditlog.register(models.BatchRun)
        auditlog.register(models.ParameterArchive, exclude_fields=["document"])
        auditlog.register(models.LawFileArchive, exclude_fields=["data"])
        # A second-factor device: enrolled, confirmed, used, removed. Never its secret key.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        auditlog.register(TOTPDevice, exclude_fields=["key"])
