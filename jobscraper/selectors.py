"""Reads for the public pages."""
from django.db.models import QuerySet

from .models import Job

PAGE_SIZE = 25  # jobs per list page


def job_list_public() -> QuerySet[Job]:
    """Open, not rejected jobs, newest first."""
    return Job.objects.public().select_related("company").order_by("-first_seen_at", "-id")


def job_get_public(*, pk: int) -> Job:
    """A job a visitor may open: anything not rejected (a closed job still shows, marked closed)."""
    return Job.objects.exclude(review_status=Job.ReviewStatus.REJECTED).select_related("company").get(pk=pk)
