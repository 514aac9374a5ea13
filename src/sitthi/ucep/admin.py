from django.contrib import admin

from . import models


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Specific hospital–fund agreements (seed 001 §2 step 9): they win over UCEP."""

    list_display = ["hospital", "fund", "valid_from", "valid_until", "note"]
    autocomplete_fields = ["hospital"]


@admin.register(models.TransferQueue)
class TransferQueueAdmin(admin.ModelAdmin):
    list_display = ["name", "last_hcode", "updated_at"]
