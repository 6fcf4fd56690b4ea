"""Create the database cache's table (the shared cache when REDIS_URL is not set).

Rate limits count in the shared cache (convener/core/throttle.py). Creating the table here
means every ``migrate`` (tests, ``make demo``, deploys) has it; with Redis it does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_usersession")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
