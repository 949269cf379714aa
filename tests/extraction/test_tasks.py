"""Task hooks: a crashed cloud task leaves its job failed with the reason, not running."""
import pytest

from extraction.tasks import extract_cloud_task
from jobscraper.celery import app
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


def test_sweep_resends_the_cloud_jobs_that_lost_their_task(settings, django_capture_on_commit_callbacks):
    # given cloud jobs queued long ago or running past the task's limit, and jobs that are fine as they are
    from datetime import timedelta

    from django.utils import timezone

    from extraction.services import jobs_cloud_resend

    settings.LOCAL_MAX_TOKENS = 100
    company, now = plain_company(), timezone.now()
    State = Job.ExtractionState
    lost_queued = make_job(company, extraction_state=State.QUEUED_CLOUD, token_count=500)
    lost_running = make_job(company, extraction_state=State.RUNNING, token_count=500, claimed_at=now - timedelta(hours=1))
    fresh_queued = make_job(company, extraction_state=State.QUEUED_CLOUD, token_count=500)
    make_job(company, extraction_state=State.RUNNING, token_count=500, claimed_at=now)  # its task is still on it
    make_job(company, extraction_state=State.RUNNING, token_count=50, claimed_at=now - timedelta(hours=1))  # local
    make_job(company, extraction_state=State.DONE, token_count=500)
    Job.objects.exclude(pk=fresh_queued.pk).update(updated_at=now - timedelta(hours=2))

    app.control.purge()

    # when beat's sweep runs
    with django_capture_on_commit_callbacks(execute=True):
        count = jobs_cloud_resend(queued_before=now - timedelta(hours=1), running_before=now - timedelta(minutes=16))

    # then exactly the two lost ones have their task on the cloud queue again (read from the real broker)
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue("cloud")
        messages = [queue.get(timeout=1) for _ in range(count)]
        with pytest.raises(queue.Empty):
            queue.get(timeout=0.5)  # and nothing more
        queue.close()
    assert count == 2
    assert sorted(message.payload[0][0] for message in messages) == sorted([lost_queued.pk, lost_running.pk])
    assert {message.headers["task"] for message in messages} == {"extraction.tasks.extract_cloud_task"}
