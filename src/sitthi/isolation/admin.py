from django.contrib import admin

from . import models


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["hospital", "district", "daily_capacity", "active"]
    list_filter = ["active"]
    autocomplete_fields = ["hospital"]
