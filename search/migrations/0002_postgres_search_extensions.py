"""On PostgreSQL, enable unaccent and pg_trgm (fuzzy matching, accent-insensitive search).

Does nothing on other databases. The reverse is a no-op: other things may use them.
"""

from django.db import migrations


def enable_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_submission_index")]

    operations = [migrations.RunPython(enable_extensions, migrations.RunPython.noop)]
