from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Decisions a hospital information system (HIS) or a fund's system can follow (issue 17):
    the change feed (``GET /api/v1/events``) and signed webhooks delivered by the worker."""

    name = "sitthi.exchange"
    label = "exchange"
    verbose_name = "Change feed and webhooks"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # An office's webhook (never its secret) and each replay of a delivery are audited.
        # Events themselves are an append-only record written in their change's transaction.
        auditlog.register(models.Webhook, exclude_fields=["secret"])
        auditlog.register(models.Delivery, include_fields=["status", "replays"])
