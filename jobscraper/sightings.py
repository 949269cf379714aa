"""When each job was last seen listed, kept beside its row rather than in it: an unchanged re-scrape marks thousands of
jobs seen, and a mark in the job's own row would write a new version of that row (its texts' TOAST pointers, its
24 indexes when it is not a HOT update) each time. A narrow table, written in bulk, one row a job."""
from django.db import models


class JobSighting(models.Model):
    job = models.OneToOneField(
        "jobscraper.Job", verbose_name="job", primary_key=True, on_delete=models.CASCADE, related_name="sighting",
    )
    seen_at = models.DateTimeField("last seen", help_text="When a run last found the job listed.")

    class Meta:
        verbose_name = "job sighting"

    def __str__(self):
        return f"job {self.job_id} last seen {self.seen_at:%Y-%m-%d %H:%M}"


SEEN_AT_ONCE = 1000  # rows a statement marks


def jobs_seen(job_ids, *, seen_at) -> None:
    """Mark the jobs `job_ids` seen at `seen_at` (inserted, or moved on where marked before): one statement per
    SEEN_AT_ONCE, no job row written."""
    job_ids = list(job_ids)
    for start in range(0, len(job_ids), SEEN_AT_ONCE):
        JobSighting.objects.bulk_create(
            [JobSighting(job_id=pk, seen_at=seen_at) for pk in job_ids[start:start + SEEN_AT_ONCE]],
            update_conflicts=True, unique_fields=["job"], update_fields=["seen_at"],
        )
