# Duplicates' candidates read an employer's titles from the index alone (an index-only scan on PostgreSQL), not from
# its rows scattered over the table (bench/clustering.py).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0022_job_places'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='job',
            name='job_cluster_candidates',
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(fields=['employer_key'], include=('title_key', 'status', 'closed_at', 'id'), name='job_cluster_candidates'),
        ),
    ]
