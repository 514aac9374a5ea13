"""Reference data is edited in the admin site by administrators; auditlog records every
change with who, when and the before/after values."""

from django.contrib import admin

from . import models


class ContractInline(admin.TabularInline):
    model = models.Contract
    extra = 0


class RightInline(admin.TabularInline):
    model = models.Right
    extra = 0
    autocomplete_fields = ["main_unit", "agency"]


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["number", "name_th", "name_en"]


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region", "bangkok_perimeter"]
    list_filter = ["region", "bangkok_perimeter"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(models.Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "programme", "owner_th"]


@admin.register(models.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "own_hospital"]
    search_fields = ["code", "name_th"]
    autocomplete_fields = ["own_hospital"]


@admin.register(models.Hospital)
class HospitalAdmin(admin.ModelAdmin):
    list_display = [
        "hcode",
        "name_th",
        "ownership",
        "moph",
        "agency",
        "province",
        "level",
        "transfer_back_group",
    ]
    list_filter = ["ownership", "moph", "level", "transfer_back_group", "province__region"]
    search_fields = ["hcode", "name_th", "name_en"]
    autocomplete_fields = ["province", "agency"]
    inlines = [ContractInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sex", "birth_date", "province"]
    search_fields = ["=citizen_id", "last_name"]
    autocomplete_fields = ["province"]
    inlines = [RightInline]
