"""Salaries stored before 0018 get their base-currency figures: every job stating one is converted at the rates
known now (none on a fresh install: then only salaries already in the base currency, which need no rate). Jobs in
other currencies are converted when rates are stored (exchange_rates_store converts the jobs they apply to)."""
from django.db import migrations


def convert(apps, schema_editor):
    from jobscraper.exchange_rates import jobs_salary_convert
    from jobscraper.models import Job

    # The model as it is now: this runs once, right after 0018 added the columns it writes.
    jobs_salary_convert(jobs=Job.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0018_exchange_rates_and_base_salary'),
    ]

    operations = [
        migrations.RunPython(convert, migrations.RunPython.noop),
    ]
