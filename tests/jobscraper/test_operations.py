"""The operations page: broker queues read from the real Redis, workers, throughput, failures, failing scrapes."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobscraper import operations
from jobscraper.beat import beat_last_tick
from jobscraper.celery import app
from jobscraper.models import Company, Job, ScrapeRun
from tests.builders import make_job, plain_company
from tests.polling import wait_for

pytestmark = pytest.mark.django_db

LOCAL_LIMIT = 8000  # tokens


@pytest.fixture
def page(admin_client):
    def get() -> str:
        response = admin_client.get(reverse("admin:jobscraper_operations"))
        assert response.status_code == 200
        return response.content.decode()

    return get


def _section(html: str, section_id: str) -> str:
    return re.search(rf'<div class="module" id="{section_id}">(.*?)\n</div>', html, re.S).group(1)


def _cells(html: str) -> list[list[str]]:
    """Each table row's cell texts."""
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def test_queue_depths_come_from_the_real_broker(broker, page):
    # given: messages on queues no worker consumes in this test, one with a priority (kombu keeps it in its own list)
    for queue in ("gpu", "gpu", "scrape"):
        app.send_task("tests.nobody_runs_this", queue=queue)
    app.send_task("tests.nobody_runs_this", queue="gpu", priority=9)

    depths = operations.broker_status().depths

    assert depths == {"scrape": 1, "gpu": 3, "cloud": 0}
    assert _cells(_section(page(), "queues"))[1:] == [["scrape", "1"], ["gpu", "3"], ["cloud", "0"]]


def test_page_works_when_the_broker_is_unreachable(settings, page):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    make_job(plain_company(), extraction_state=Job.ExtractionState.FAILED, extraction_error="bad JSON")

    html = page()

    assert "Broker unavailable: OperationalError" in html
    assert "Workers unavailable: the broker does not answer." in html
    assert "Last tick at" in html or "Beat has not ticked" in html  # beat's tick is read from Redis all the same
    assert "bad JSON" in html  # the database's part of the page is still there


def _workers(queue: str) -> list[operations.Worker]:
    [item] = [item for item in operations.broker_status().queues if item.queue == queue]
    return item.workers


def test_no_worker_answering(broker, page):
    assert [(item.queue, item.workers, item.missing) for item in operations.broker_status().queues] == [
        ("scrape", [], 1), ("gpu", [], 1), ("cloud", [], 1),
    ]
    html = _section(page(), "workers")
    assert "No scrape worker answering (1 expected)." in html
    assert "No gpu worker answering (1 expected): down, or busy with a batch" in html
    assert "No cloud worker answering (1 expected)." in html


@pytest.mark.celery
def test_every_queues_worker_is_named_with_the_engine_the_gpu_worker_holds(celery_workers, page):
    workers = celery_workers(LOCAL_ENGINE="rules")
    names = {name.split("-")[0]: name for name in workers.names}  # queue -> worker name

    rows = _cells(_section(page(), "workers"))

    [gpu] = _workers("gpu")
    assert (gpu.name, gpu.engine) == (names["gpu"], "rules")
    assert [row[:3] for row in rows[1:]] == [
        ["scrape", names["scrape"], "—"], ["gpu", names["gpu"], "rules"], ["cloud", names["cloud"], "—"],
    ]
    assert "answering" not in _section(page(), "workers")


@pytest.mark.celery
def test_the_scrape_worker_is_listed_while_it_runs_and_missing_once_stopped(celery_workers, settings, page):
    # given the deployment's three workers
    workers = celery_workers(LOCAL_ENGINE="rules")
    [scrape_name] = [name for name in workers.names if name.startswith("scrape-")]
    assert [worker.name for worker in _workers("scrape")] == [scrape_name]
    assert ["scrape", scrape_name] in [row[:2] for row in _cells(_section(page(), "workers"))]

    # when the operator says two scrape workers run, one is missing
    settings.WORKERS_EXPECTED = {**settings.WORKERS_EXPECTED, "scrape": 2}
    assert "1 of 2 scrape workers not answering." in _section(page(), "workers")

    # when the scrape worker stops, the page says so, and still lists the others
    settings.WORKERS_EXPECTED = {**settings.WORKERS_EXPECTED, "scrape": 1}
    workers.stop_worker("scrape")
    html = _section(page(), "workers")
    assert scrape_name not in html
    assert "No scrape worker answering (1 expected)." in html
    assert [row[:2] for row in _cells(html)[1:]][1:] == [
        ["gpu", next(name for name in workers.names if name.startswith("gpu-"))],
        ["cloud", next(name for name in workers.names if name.startswith("cloud-"))],
    ]


@pytest.mark.celery
def test_beats_last_tick_is_shown_and_flagged_once_beat_has_stopped(celery_beat, broker, settings, page):
    # before any beat has run, the page says so
    assert "Beat has not ticked since Redis started" in _section(page(), "beat")

    # given a running beat, its last tick is shown and not flagged
    celery_beat.start()
    wait_for(lambda: beat_last_tick() is not None, 60, message="beat's first tick")
    html = _section(page(), "beat")
    assert "Last tick at" in html and 'class="unavailable"' not in html

    # when beat stops, its last tick stays as it was and is flagged once older than BEAT_TICK_MAX_AGE (a minute
    # by default; a second here)
    celery_beat.stop()
    last = beat_last_tick()
    settings.BEAT_TICK_MAX_AGE = 1
    wait_for(lambda: "beat is down or stuck" in _section(page(), "beat"), 30, message="the page to flag beat")
    html = _section(page(), "beat")
    assert f"Last tick at {last:%Y-%m-%d %H:%M:%S} UTC" in html
    assert 'class="unavailable"' in html
    assert beat_last_tick() == last


def test_throughput_per_route_and_engine(settings, page):
    settings.LOCAL_MAX_TOKENS = LOCAL_LIMIT
    now = timezone.now()
    company = plain_company()

    def extracted(engine, *, ago, latency=None, tokens=500, **fields):
        make_job(company, extraction_engine=engine, extracted_at=now - ago, extraction_latency_ms=latency,
                 token_count=tokens, **fields)

    for latency in (10, 20, 30):
        extracted("rules", ago=timedelta(minutes=10), latency=latency)
    extracted("rules", ago=timedelta(hours=5), latency=100)
    extracted("openai", ago=timedelta(minutes=30), latency=4000, tokens=LOCAL_LIMIT + 1)
    extracted("source", ago=timedelta(minutes=20), tokens=None)
    extracted("rules", ago=timedelta(days=2), latency=999)  # outside both windows
    extracted("rules", ago=timedelta(minutes=1), latency=999, extraction_state=Job.ExtractionState.FAILED)

    throughput = operations.extraction_throughput(now=now)
    shares = operations.route_shares(throughput=throughput)

    assert [(row.route, row.engine, row.counts, row.median_latency_ms) for row in throughput] == [
        ("cloud", "openai", {"last hour": 1, "last day": 1}, 4000),
        ("local", "rules", {"last hour": 3, "last day": 4}, 25),
        ("source data only", "source", {"last hour": 1, "last day": 1}, None),
    ]
    assert shares["last hour"] == {"local": 60.0, "cloud": 20.0, "source data only": 20.0}
    assert round(shares["last day"]["local"]) == 67
    assert ["local", "rules", "3", "4", "25 ms"] in _cells(_section(page(), "throughput"))


def test_failed_extractions_grouped_by_reason_with_a_way_to_retry(admin_client, page):
    company = plain_company()
    refused = [
        make_job(company, extraction_state=Job.ExtractionState.FAILED, extraction_error="HTTP 400: prompt too long")
        for _ in range(2)
    ]
    make_job(company, extraction_state=Job.ExtractionState.CLOUD_NOT_CONFIGURED, extraction_error="cloud not configured")
    make_job(company, extraction_state=Job.ExtractionState.FAILED, extraction_error="bad JSON")
    make_job(company, extraction_error="salary 1-2 not found in the posting text")  # done: not a failure

    failures = operations.extraction_failures()
    html = _section(page(), "failures")
    link = re.search(r'<a href="([^"]+)">show jobs</a>', html).group(1).replace("&amp;", "&")
    shown = admin_client.get(link).content.decode()

    assert [(row["count"], row["extraction_state"], row["extraction_error"]) for row in failures] == [
        (2, "failed", "HTTP 400: prompt too long"),
        (1, "failed", "bad JSON"),
        (1, "cloud_not_configured", "cloud not configured"),
    ]
    assert shown.count('class="action-select"') == 2
    # when: the operator presses "Re-extract 2" (the page's form, posted as the browser would)
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(2)))
    admin_client.post(form.group(1).replace("&amp;", "&"), fields)
    # then: exactly the jobs with that reason go back through extraction
    assert {job.extraction_state for job in Job.objects.filter(pk__in=[job.pk for job in refused])} == {"pending"}
    assert set(Job.objects.exclude(pk__in=[job.pk for job in refused]).values_list("extraction_state", flat=True)) == {
        "failed", "cloud_not_configured", "done",
    }


def _runs(company, *statuses):
    """Finished scrape runs, newest first, an hour apart."""
    now = timezone.now()
    for age, status in enumerate(statuses):
        ScrapeRun.objects.create(company=company, status=status, started_at=now - timedelta(hours=age),
                                 error=f"{company.name}: HTTP 503 ({age} h ago)" if status == "failed" else "")


def test_companies_whose_last_scrapes_failed(admin_client, page):
    failing = plain_company("Failing")
    _runs(failing, "failed", "failed", "failed", "succeeded")
    still_running = plain_company("Failing-running")
    _runs(still_running, "running", "failed", "failed", "failed")
    _runs(plain_company("Recovered"), "succeeded", "failed", "failed", "failed")
    _runs(plain_company("Partial"), "failed", "partial", "failed")
    _runs(plain_company("New"), "failed", "failed")
    disabled = plain_company("Disabled")
    _runs(disabled, "failed", "failed", "failed")
    Company.objects.filter(pk=disabled.pk).update(active=False)

    listed = operations.companies_failing()
    html = _section(page(), "failing-companies")

    assert [(item.company.name, item.last_error) for item in listed] == [
        ("Failing-running", "Failing-running: HTTP 503 (1 h ago)"),
        ("Failing", "Failing: HTTP 503 (0 h ago)"),
    ]
    assert f'href="{reverse("admin:jobscraper_company_change", args=[failing.pk])}"' in html
    response = admin_client.post(
        reverse("admin:jobscraper_company_changelist"),
        {"action": "scrape_now", "index": "0", "_selected_action": str(failing.pk)},
        follow=True,
    )
    assert f'name="_selected_action" value="{failing.pk}"' in html
    assert "Queued a scrape of 1 company." in response.content.decode()


def test_a_suspicious_drop_is_listed_and_an_operator_confirms_it_with_one_action(admin_client, page):
    # given a run that held the closures of two of a company's jobs, and one already confirmed
    company = plain_company("Dropping")
    started = timezone.now() - timedelta(hours=1)
    held = [make_job(company, last_seen_at=started - timedelta(hours=6)) for _ in range(2)]
    kept = make_job(company, last_seen_at=started - timedelta(hours=6))
    run = ScrapeRun.objects.create(company=company, started_at=started, status="suspicious",
                                   held_closures=[job.pk for job in held], closing="closed nothing: the listing ...")
    ScrapeRun.objects.create(company=plain_company("Confirmed"), status="succeeded", closing="closed 3 ...")

    # then the page lists it, with the action that confirms it
    html = _section(page(), "suspicious-drops")
    assert [row[:3] for row in _cells(html)[1:]] == [["Dropping", f"{timezone.localtime(started):%Y-%m-%d %H:%M}", "2"]]
    assert f'name="_selected_action" value="{run.pk}"' in html

    # when the operator confirms
    response = admin_client.post(
        reverse("admin:jobscraper_scraperun_changelist"),
        {"action": "confirm_closures", "index": "0", "_selected_action": str(run.pk)},
        follow=True,
    )

    # then exactly the held jobs are closed, as confirmed, and the page lists nothing
    assert "Closed 2 jobs held by 1 suspicious runs." in response.content.decode()
    assert {(job.pk, job.status, job.close_reason) for job in Job.objects.filter(company=company)} == {
        (held[0].pk, "closed", "confirmed"), (held[1].pk, "closed", "confirmed"), (kept.pk, "open", ""),
    }
    assert _cells(_section(page(), "suspicious-drops"))[1:] == [["None."]]


def test_confirming_closures_needs_change_permission_on_jobs(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_scraperun"))
    client.force_login(viewer)
    company = plain_company("Dropping")
    job = make_job(company, last_seen_at=timezone.now() - timedelta(hours=6))
    run = ScrapeRun.objects.create(company=company, status="suspicious", held_closures=[job.pk])

    client.post(reverse("admin:jobscraper_scraperun_changelist"),
                {"action": "confirm_closures", "index": "0", "_selected_action": str(run.pk)})

    job.refresh_from_db()
    assert job.status == "open"


def test_operations_page_needs_view_permission_on_jobs(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", password="pw", is_staff=True))

    assert client.get(reverse("admin:jobscraper_operations")).status_code == 403
