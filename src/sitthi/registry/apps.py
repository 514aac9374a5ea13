from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "sitthi.registry"
    label = "registry"
    verbose_name = "Registry: provinces, funds, hospitals, persons and rights"
    #: `sitthi serve` lists this module's demo accounts (DEMO_USERS, DEMO_PASSWORD) that exist.
    demo_accounts = "sitthi.registry.demo"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Region,
            models.Province,
            models.Fund,
            models.Agency,
            models.Hospital,
            models.Contract,
        ):
            auditlog.register(model)
        auditlog.register(models.Person, mask_fields=["citizen_id"])
        auditlog.register(models.Right)
        auditlog.register(models.RightsCheck, mask_fields=["citizen_id"])
