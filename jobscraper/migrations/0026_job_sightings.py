# When each job was last seen moves out of its row into a narrow table (jobscraper.sightings): an unchanged
# re-scrape then writes no job row. Existing values are copied in one statement before the column goes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0025_search_vector_trigger_columns'),
    ]

    operations = [
        migrations.CreateModel(
            name='JobSighting',
            fields=[
                ('job', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sighting', serialize=False, to='jobscraper.job', verbose_name='job')),
                ('seen_at', models.DateTimeField(help_text='When a run last found the job listed.', verbose_name='last seen')),
            ],
            options={
                'verbose_name': 'job sighting',
            },
        ),
        migrations.RunSQL(
            "INSERT INTO jobscraper_jobsighting (job_id, seen_at) SELECT id, last_seen_at FROM jobscraper_job",
            "UPDATE jobscraper_job SET last_seen_at = (SELECT seen_at FROM jobscraper_jobsighting WHERE job_id = jobscraper_job.id)",
        ),
        migrations.RemoveField(
            model_name='job',
            name='last_seen_at',
        ),
    ]
