"""The table of the ``limits`` cache (``sitthi.core.limits``: look-ups and bad tokens per
address), so that ``migrate`` alone prepares a database, embedded or PostgreSQL."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def _table():
    return settings.CACHES.get("limits", {}).get("LOCATION")


def create(apps, schema_editor):
    # No table names: createcachetable makes the table of every DatabaseCache in CACHES
    # (a name given to it would be taken as the table's name, not the cache's).
    if _table():
        call_command("createcachetable", database=schema_editor.connection.alias)


def drop(apps, schema_editor):
    table = _table()
    if table:
        schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_api_token_office")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
