from django.db import migrations

from audits.opinions import seed_standard_opinions


def seed(apps, schema_editor):
    seed_standard_opinions(apps.get_model("audits", "AuditOpinion"))


class Migration(migrations.Migration):
    """The assurance scale is fixed and small, and reviews cannot be entered in the admin
    before it exists, so every database starts with it."""

    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
