"""Job.remote_regions: where a fully remote job is open to; a GIN index for the list's "remote, open to" filter."""
from django.db import migrations, models

# Partial like the list's other indexes (0007): the list reads public jobs only. The default jsonb_ops class, not
# jsonb_path_ops, since the filter asks whether the array holds any of a country's codes (?|, selectors.py).
PUBLIC = "WHERE status = 'open' AND review_status <> 'rejected'"
INDEX = f"CREATE INDEX job_public_remote_regions ON jobscraper_job USING gin (remote_regions) {PUBLIC}"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS job_public_remote_regions")


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0019_convert_stored_salaries'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='remote_regions',
            field=models.JSONField(blank=True, default=list, help_text='For a fully remote job, the countries (ISO 3166-1 alpha-2) and areas (EU, EMEA, LATAM, WORLDWIDE...) it is open to, as its source or posting states them; empty where it does not say.', verbose_name='open to'),
        ),
        migrations.RunPython(index_create, index_drop),
    ]
