"""Admin for operators and reviewers: company form and actions, job review actions, raw posting view."""
import json
import re
import socket

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from jobscraper.models import Company, ContentPart, Job, ScrapeRun
from scraping.services import DETECTION_QUEUED
from scraping.tasks import detect_source_task
from tests.builders import make_job, plain_company
from tests.servers import Reply

pytestmark = pytest.mark.django_db


def _queued_tasks(broker, queue):
    return [json.loads(message)["headers"]["task"] for message in broker.lrange(queue, 0, -1)]


def _action(admin_client, model, action, objects):
    url = reverse(f"admin:jobscraper_{model}_changelist")
    return admin_client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True)


def test_adding_a_company_in_admin_creates_its_schedule(admin_client):
    response = admin_client.post(
        reverse("admin:jobscraper_company_add"),
        {
            "name": "Acme", "careers_url": "https://boards.greenhouse.io/acme", "source_kind": "greenhouse",
            "source_params": '{"board_token": "acme"}', "active": "on", "scrape_interval_minutes": "60",
            "scrape_runs-TOTAL_FORMS": "0", "scrape_runs-INITIAL_FORMS": "0",
        },
        follow=True,
    )

    assert response.status_code == 200
    company = Company.objects.get(name="Acme")
    task = PeriodicTask.objects.get(company=company)
    assert task.enabled and task.interval.every == 60


def test_scrape_now_enqueues_one_scrape_per_company(admin_client, broker, django_capture_on_commit_callbacks):
    companies = [plain_company("Acme"), plain_company("Globex")]

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(admin_client, "company", "scrape_now", companies)

    assert "Queued a scrape of 2 companies." in response.content.decode()
    assert _queued_tasks(broker, "scrape") == ["scraping.tasks.scrape_company_task"] * 2


def test_disable_and_enable_actions_follow_through_to_the_schedule(admin_client):
    company = plain_company()

    _action(admin_client, "company", "disable", [company])
    assert not Company.objects.get(pk=company.pk).active
    assert not PeriodicTask.objects.get(company=company).enabled

    _action(admin_client, "company", "enable", [company])
    assert PeriodicTask.objects.get(company=company).enabled


def test_company_list_filters_and_search(admin_client):
    plain_company("Acme")
    plain_company("Globex")
    Company.objects.filter(name="Globex").update(active=False)

    url = reverse("admin:jobscraper_company_changelist")
    inactive = admin_client.get(url, {"active__exact": "0"}).content.decode()
    searched = admin_client.get(url, {"q": "acme"}).content.decode()

    assert "Globex" in inactive and "Acme" not in inactive
    assert "Acme" in searched and "Globex" not in searched


def test_company_page_shows_run_history(admin_client):
    company = plain_company()
    ScrapeRun.objects.create(company=company, status="failed", error="boards-api answered HTTP 503")

    html = admin_client.get(reverse("admin:jobscraper_company_change", args=[company.pk])).content.decode()

    assert "boards-api answered HTTP 503" in html


def test_approve_and_reject_actions(admin_client):
    company = plain_company()
    first, second = make_job(company), make_job(company)

    _action(admin_client, "job", "approve", [first])
    response = _action(admin_client, "job", "reject", [second])

    assert Job.objects.get(pk=first.pk).review_status == "approved"
    assert Job.objects.get(pk=second.pk).review_status == "rejected"
    assert Job.objects.get(pk=second.pk).reviewed_at is not None
    assert "Rejected 1 job(s)." in response.content.decode()


def test_reextract_sends_jobs_back_through_routing(admin_client, broker, django_capture_on_commit_callbacks):
    job = make_job(plain_company(), extraction_state=Job.ExtractionState.FAILED, extraction_error="bad JSON")

    with django_capture_on_commit_callbacks(execute=True):
        _action(admin_client, "job", "reextract", [job])

    job.refresh_from_db()
    assert (job.extraction_state, job.extraction_error) == ("pending", "")
    assert _queued_tasks(broker, "scrape") == ["extraction.tasks.route_jobs_task"]


def test_job_filters_by_state_and_review(admin_client):
    company = plain_company()
    make_job(company, title="Failed One", extraction_state=Job.ExtractionState.FAILED)
    make_job(company, title="Approved One", review_status=Job.ReviewStatus.APPROVED)

    url = reverse("admin:jobscraper_job_changelist")
    failed = admin_client.get(url, {"extraction_state__exact": "failed"}).content.decode()
    approved = admin_client.get(url, {"review_status__exact": "approved"}).content.decode()

    assert "Failed One" in failed and "Approved One" not in failed
    assert "Approved One" in approved and "Failed One" not in approved


def test_job_page_shows_raw_posting_beside_fields_sanitised(admin_client):
    job = make_job(
        plain_company(), raw_content="Raw text: salary €50,000", source_data={"title": "Data Engineer"},
        source_origin="ats", description_html='<p>Published</p><script>alert("x")</script>',
    )

    html = admin_client.get(reverse("admin:jobscraper_job_change", args=[job.pk])).content.decode()

    assert "Raw text: salary €50,000" in html
    assert "&quot;title&quot;: &quot;Data Engineer&quot;" in html
    assert "<p>Published</p>" in html
    assert 'alert("x")' not in html


def test_jobs_say_which_part_of_their_source_was_read_and_filter_on_it(admin_client):
    company = plain_company()
    main = make_job(company, title="Read From Main", content_part=ContentPart.MAIN)
    make_job(company, title="Read From Ats", content_part=ContentPart.ATS)
    url = reverse("admin:jobscraper_job_changelist")

    filtered = admin_client.get(url, {"content_part__exact": "main"}).content.decode()
    change = admin_client.get(reverse("admin:jobscraper_job_change", args=[main.pk])).content.decode()

    assert "Read From Main" in filtered and "Read From Ats" not in filtered
    # shown, not editable: the scrape sets it
    assert "page&#x27;s main content" in change and 'name="content_part"' not in change


def test_periodic_tasks_stay_editable_in_beat_admin(admin_client):
    company = plain_company()
    response = admin_client.get(reverse("admin:django_celery_beat_periodictask_change", args=[company.periodic_task_id]))
    assert response.status_code == 200
    assert f"scrape company {company.pk}" in response.content.decode()


def _add_company(admin_client, **fields):
    data = {
        "name": "Acme", "careers_url": "https://example.org", "source_kind": "career_page", "source_params": "{}",
        "active": "on", "scrape_interval_minutes": "60", "scrape_runs-TOTAL_FORMS": "0",
        "scrape_runs-INITIAL_FORMS": "0", **fields,
    }
    return admin_client.post(reverse("admin:jobscraper_company_add"), data, follow=True)


def test_pasted_ats_url_is_detected_when_adding_a_company(admin_client):
    response = _add_company(admin_client, careers_url="https://jobs.lever.co/acme", detect_source="on")

    company = Company.objects.get(name="Acme")
    assert (company.source_kind, company.source_params) == ("lever", {"board_token": "acme"})
    assert "careers URL is a Lever board" in response.content.decode()


def test_careers_page_linking_to_an_ats_is_read_off_the_request_and_detected(
    admin_client, broker, loopback, settings, django_capture_on_commit_callbacks
):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = True  # the careers page is on loopback here
    loopback.routes["/careers"] = Reply.html(
        "<html><body><h1>Careers</h1><p>We are hiring.</p>"
        '<p><a href="https://jobs.ashbyhq.com/acme">See our open roles</a></p></body></html>'
    )

    # when an operator adds the company, detection ticked: the page is not fetched within the request
    with django_capture_on_commit_callbacks(execute=True):
        html = _add_company(admin_client, careers_url=f"{loopback.url}/careers", detect_source="on").content.decode()

    company = Company.objects.get(name="Acme")
    assert loopback.requests == []
    assert "Reading the careers page of 1 company in the background" in html
    assert (company.source_kind, company.source_detection) == ("career_page", DETECTION_QUEUED)
    [message] = [json.loads(raw) for raw in broker.lrange("scrape", 0, -1)]
    assert message["headers"]["task"] == "scraping.tasks.detect_source_task"

    # then the scrape worker reads it: the company gets the board its page links to, and says why
    detect_source_task(company.pk)
    company.refresh_from_db()
    assert (company.source_kind, company.source_params) == ("ashby", {"board_token": "acme"})
    assert "ashby" in company.source_detection.lower()


def test_bulk_detection_settles_ats_urls_at_once_and_reads_pages_on_the_scrape_queue(
    admin_client, broker, loopback, settings, django_capture_on_commit_callbacks
):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = True  # the careers page is on loopback here
    loopback.routes["/careers"] = Reply.html('<html><body><a href="https://jobs.ashbyhq.com/globex">Roles</a></body></html>')
    acme, globex = plain_company("Acme"), plain_company("Globex")
    Company.objects.filter(pk=acme.pk).update(careers_url="https://jobs.lever.co/acme")
    Company.objects.filter(pk=globex.pk).update(careers_url=f"{loopback.url}/careers")

    # when an operator runs the action on both, no page is fetched during the request
    with django_capture_on_commit_callbacks(execute=True):
        html = _action(admin_client, "company", "detect_source", [acme, globex]).content.decode()

    # then the ATS URL is settled at once, and the page that has to be read waits on the scrape queue
    assert "Acme: Lever postings API. careers URL is a Lever board (board_token=acme)." in html
    assert "Reading the careers page of 1 company in the background" in html
    assert Company.objects.get(pk=acme.pk).source_kind == "lever"
    assert Company.objects.get(pk=globex.pk).source_kind == "career_page"
    assert loopback.requests == []
    [message] = [json.loads(raw) for raw in broker.lrange("scrape", 0, -1)]
    assert message["headers"]["task"] == "scraping.tasks.detect_source_task"

    # when the worker runs it, the company gets the board its page links to, and its schedule stays
    assert detect_source_task(globex.pk)["kind"] == "ashby"
    globex.refresh_from_db()
    assert (globex.source_kind, globex.source_params) == ("ashby", {"board_token": "globex"})
    assert PeriodicTask.objects.get(company=globex).enabled


def test_operator_choice_is_kept_without_detection(admin_client):
    _add_company(admin_client, careers_url="https://jobs.lever.co/acme", source_kind="career_page")

    assert Company.objects.get(name="Acme").source_kind == "career_page"


def test_add_form_offers_detection_ticked(admin_client):
    html = admin_client.get(reverse("admin:jobscraper_company_add")).content.decode()
    assert re.search(r'<input type="checkbox" name="detect_source"[^>]* checked', html)



def test_no_admin_request_connects_to_the_careers_site(
    admin_client, broker, loopback, django_capture_on_commit_callbacks
):
    # given a careers page that must be read to tell its source, and a count of connections that sees one carrying
    # no request at all
    loopback.routes["/careers"] = Reply.html('<html><body><a href="https://jobs.ashbyhq.com/acme">Roles</a></body></html>')
    socket.create_connection(loopback.httpd.server_address[:2]).close()
    assert loopback.connection_count() == 1
    careers_url = f"{loopback.url}/careers"

    # when an operator adds the company with detection ticked, changes it with detection ticked, and runs the list's
    # detect and scrape actions, with everything they queue sent to the broker
    with django_capture_on_commit_callbacks(execute=True):
        _add_company(admin_client, careers_url=careers_url, detect_source="on")
    company = Company.objects.get(name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:jobscraper_company_change", args=[company.pk]), {
            "name": "Acme", "careers_url": f"{careers_url}?page=1", "detect_source": "on", "source_kind": "career_page",
            "source_params": "{}", "active": "on", "scrape_interval_minutes": "30", "scrape_runs-TOTAL_FORMS": "0",
            "scrape_runs-INITIAL_FORMS": "0",
        })
    with django_capture_on_commit_callbacks(execute=True):
        _action(admin_client, "company", "detect_source", [company])
        _action(admin_client, "company", "scrape_now", [company])

    # then the site was not connected to once: the page waits for a scrape worker on the queue
    assert Company.objects.get(pk=company.pk).careers_url == f"{careers_url}?page=1"
    assert loopback.connection_count() == 1
    assert loopback.requests == []
    assert "scraping.tasks.detect_source_task" in _queued_tasks(broker, "scrape")

# --- A careers URL that scraping would refuse -------------------------------------------------------------------


def _careers_url_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("careers_url", [])


def test_a_careers_url_on_a_link_local_address_is_a_form_error_when_adding(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False

    # when an operator pastes the cloud's metadata address
    response = _add_company(admin_client, careers_url="http://169.254.169.254/latest/meta-data/", detect_source="on")

    # then the form says why on the field, and no company is saved to fail every scrape
    assert _careers_url_errors(response) == [
        "Scraping would refuse this URL: 169.254.169.254 is a link-local address; allow it with "
        "SCRAPE_ALLOW_PRIVATE_NETWORKS=true or by naming the host in SCRAPE_ALLOWED_HOSTS."
    ]
    assert not Company.objects.exists()


def test_a_careers_url_changed_to_a_name_resolving_to_loopback_is_a_form_error(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    company = plain_company("Acme")
    url = reverse("admin:jobscraper_company_change", args=[company.pk])
    data = {
        "name": "Acme", "careers_url": "http://localhost:8080/jobs", "source_kind": "career_page",
        "source_params": "{}", "active": "on", "scrape_interval_minutes": "60", "scrape_runs-TOTAL_FORMS": "0",
        "scrape_runs-INITIAL_FORMS": "0",
    }

    response = admin_client.post(url, data, follow=True)

    [error] = _careers_url_errors(response)
    assert re.match(r"Scraping would refuse this URL: localhost resolves to (127\.0\.0\.1|::1), a loopback", error)
    assert Company.objects.get(pk=company.pk).careers_url == company.careers_url


def test_careers_urls_the_settings_allow_or_that_do_not_resolve_are_saved(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]

    # a host named in SCRAPE_ALLOWED_HOSTS, and one whose name does not resolve now (it may be down for a while)
    allowed = _add_company(admin_client, name="Intranet", careers_url="http://127.0.0.1:8765/careers/")
    unresolved = _add_company(admin_client, name="Offline", careers_url="https://careers.nonexistent.invalid/")

    # saved: both went on to the company list
    assert [r.redirect_chain[-1][0] for r in (allowed, unresolved)] == [reverse("admin:jobscraper_company_changelist")] * 2
    assert set(Company.objects.values_list("name", flat=True)) == {"Intranet", "Offline"}
