"""Every database starts with the real reference data: 13 regions, 77 provinces, the funds."""

from django.db import migrations


def forwards(apps, schema_editor):
    from sitthi.registry.reference import load_reference

    load_reference(
        apps.get_model("registry", "Region"),
        apps.get_model("registry", "Province"),
        apps.get_model("registry", "Fund"),
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
