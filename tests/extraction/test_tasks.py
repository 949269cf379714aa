"""Task hooks and retries: a crashed cloud task leaves its job failed with the reason; a lost database is waited out."""
import pytest
from django.db import InterfaceError, OperationalError

from extraction.tasks import extract_cloud_task, extract_local_task
from jobscraper.celery import app
from jobscraper.models import Job
from scraping.tasks import scrape_company_task
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

    from extraction.cloud import jobs_cloud_resend

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
        count = jobs_cloud_resend(
            queued_before=now - timedelta(hours=1), running_before=now - timedelta(minutes=16), now=now
        )

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


@pytest.mark.parametrize(
    "task", [scrape_company_task, extract_local_task, extract_cloud_task], ids=lambda task: task.name.rsplit(".")[-1]
)
def test_tasks_that_write_are_tried_again_when_the_database_is_lost_and_only_then(task):
    assert set(task.autoretry_for) == {OperationalError, InterfaceError}
    assert task.retry_backoff and task.retry_jitter
    # Full jitter draws each wait at random up to its bound: on average half the bounds, which must outlast a restart
    # of two minutes.
    bounds = [min(task.retry_backoff_max, 2**attempt) for attempt in range(task.max_retries)]
    assert sum(bounds) / 2 > 120


def test_cloud_task_marks_its_job_failed_only_after_its_last_retry(monkeypatch):
    # given a running cloud job whose every attempt finds the database gone
    job = make_job(plain_company(), extraction_state=Job.ExtractionState.RUNNING)
    seen = []

    def database_gone(*, job_id):
        seen.append(Job.objects.get(pk=job_id).extraction_state)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("extraction.cloud.job_extract_cloud", database_gone)

    # when Celery runs it (eagerly: each retry at once) until it gives up
    extract_cloud_task.apply(args=[job.pk])

    # then every retry found the job still running, and only the last failure marked it failed
    assert seen == ["running"] * (extract_cloud_task.max_retries + 1)
    job.refresh_from_db()
    assert job.extraction_state == "failed"
    assert job.extraction_error == "cloud task crashed: OperationalError: server closed the connection unexpectedly"
