from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, BatchRun, User


@admin.register(User)
class SitthiUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "hospital", "fund", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Sitthi", {"fields": ("role", "hospital", "fund")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Sitthi", {"fields": ("role", "hospital", "fund")}),
    )
    autocomplete_fields = ["hospital"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "hint", "hospital", "user", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["hint", "created_at", "last_used_at"]
    fields = ["name", "hospital", "user", "hint", "created_at", "revoked_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are made by hospital officers, who see the raw token once


@admin.register(BatchRun)
class BatchRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "rows", "started_at", "finished_at"]
