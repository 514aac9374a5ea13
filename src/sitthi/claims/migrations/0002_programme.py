"""Programmes (issue 13): each fee-schedule row names the claims it prices, and a claim the
programme that priced it.

Before programmes every schedule priced every claim, so each stored row is kept for the
general programme and copied for ``ucep``: stored schedules price what they priced before.
Stored claims get their service type's programme (UCEP -> ucep, the others -> general)."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    TariffItem = apps.get_model("claims", "TariffItem")
    Claim = apps.get_model("claims", "Claim")
    fields = [
        f.attname for f in TariffItem._meta.concrete_fields if f.name not in ("id", "programme")
    ]
    copies = [
        TariffItem(programme="ucep", **{f: getattr(item, f) for f in fields})
        for item in TariffItem.objects.filter(programme="general").iterator()
    ]
    TariffItem.objects.bulk_create(copies, batch_size=1000)
    Claim.objects.filter(service_type="UCEP").update(programme="ucep")
    Claim.objects.filter(service_type__in=["OP", "IP", "COVID_BODY", "HICI"]).update(
        programme="general"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="programme",
            field=models.CharField(
                blank=True,
                help_text="The programme whose fee schedules priced the claim (general, ucep, "
                "ucep_covid).",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="tariffitem",
            name="programme",
            field=models.CharField(default="general", max_length=20),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
