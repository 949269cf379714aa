# Which posting of a job the public list shows is stored on each job (jobscraper.clusters) instead of probed for each
# clustered row the list reads; this computes it for the clusters that exist.

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def behind_store(apps, schema_editor):
    Job = apps.get_model("jobscraper", "Job")
    board, seen = OuterRef("from_job_board"), OuterRef("first_seen_at")
    ahead = Job.objects.filter(cluster=OuterRef("cluster"), status="open").exclude(review_status="rejected").filter(
        Q(from_job_board__lt=board) | Q(from_job_board=board, first_seen_at__lt=seen)
        | Q(from_job_board=board, first_seen_at=seen, pk__lt=OuterRef("pk"))
    )
    Job.objects.filter(cluster__isnull=False).filter(Exists(ahead)).update(behind_in_cluster=True)


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0023_cluster_candidates_covering'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='behind_in_cluster',
            field=models.BooleanField(default=False, editable=False, help_text="Another posting of the same job, open and not rejected, comes first in the list's order (jobscraper.clusters): the list shows that one instead.", verbose_name='behind in its cluster'),
        ),
        migrations.RunPython(behind_store, migrations.RunPython.noop),
    ]
