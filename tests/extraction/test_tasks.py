"""Task hooks: a crashed cloud task leaves its job failed with the reason, not running."""
import pytest

from extraction.tasks import extract_cloud_task
from jobscraper.models import Job
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


def test_cloud_task_crash_marks_its_running_job_failed():
    job = make_job(plain_company(), extraction_state=Job.ExtractionState.RUNNING)

    extract_cloud_task.on_failure(RuntimeError("database went away"), "task-id", (job.pk,), {}, None)

    job.refresh_from_db()
    assert job.extraction_state == "failed"
    assert job.extraction_error == "cloud task crashed: RuntimeError: database went away"


def test_cloud_task_crash_leaves_a_finished_job_alone():
    job = make_job(plain_company(), extraction_state=Job.ExtractionState.DONE)

    extract_cloud_task.on_failure(RuntimeError("late"), "task-id", (job.pk,), {}, None)

    job.refresh_from_db()
    assert (job.extraction_state, job.extraction_error) == ("done", "")
