"""Admin's company form and detection: nothing an operator does there waits on a careers site. A careers URL scraping
would refuse is a form error; detection that needs a page, and a new company's first scrape, go to the scrape queue."""
import json
import re
import socket

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from jobscraper import services
from jobscraper.demo.site import DemoSite
from jobscraper.models import Company, Job, ScrapeRun
from scraping.services import DETECTION_QUEUED
from scraping.tasks import detect_source_task
from tests.builders import plain_company
from tests.jobscraper.admin_posts import action, add_company, change_company, queued, queued_tasks
from tests.polling import wait_for
from tests.servers import Reply

pytestmark = pytest.mark.django_db


def test_pasted_ats_url_is_detected_when_adding_a_company(admin_client):
    response = add_company(admin_client, careers_url="https://jobs.lever.co/acme", detect_source="on")

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
        html = add_company(admin_client, careers_url=f"{loopback.url}/careers", detect_source="on").content.decode()

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
        html = action(admin_client, "company", "detect_source", [acme, globex]).content.decode()

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
    add_company(admin_client, careers_url="https://jobs.lever.co/acme", source_kind="career_page")

    assert Company.objects.get(name="Acme").source_kind == "career_page"


def test_add_form_offers_detection_ticked(admin_client):
    html = admin_client.get(reverse("admin:jobscraper_company_add")).content.decode()
    assert re.search(r'<input type="checkbox" name="detect_source"[^>]* checked', html)


# --- No request waits on the careers site -----------------------------------------------------------------------


def test_no_admin_request_connects_to_the_careers_site(
    admin_client, broker, loopback, django_capture_on_commit_callbacks
):
    # given a careers page that must be read to tell its source, and a count of connections that sees one carrying
    # no request at all
    loopback.routes["/careers"] = Reply.html('<html><body><a href="https://jobs.ashbyhq.com/a">Roles</a></body></html>')
    socket.create_connection(loopback.httpd.server_address[:2]).close()
    assert loopback.connection_count() == 1
    careers_url = f"{loopback.url}/careers"

    # when an operator adds the company with detection ticked, changes it with detection ticked, and runs the list's
    # detect and scrape actions, with everything they queue sent to the broker
    with django_capture_on_commit_callbacks(execute=True):
        add_company(admin_client, careers_url=careers_url, detect_source="on")
    company = Company.objects.get(name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        change_company(admin_client, company, careers_url=f"{careers_url}?page=1", detect_source="on")
    with django_capture_on_commit_callbacks(execute=True):
        action(admin_client, "company", "detect_source", [company])
        action(admin_client, "company", "scrape_now", [company])

    # then the site was not connected to once: the page waits for a scrape worker on the queue
    assert Company.objects.get(pk=company.pk).careers_url == f"{careers_url}?page=1"
    assert loopback.connection_count() == 1
    assert loopback.requests == []
    assert "scraping.tasks.detect_source_task" in queued_tasks(broker, "scrape")


# --- A careers URL that scraping would refuse -------------------------------------------------------------------


def _careers_url_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("careers_url", [])


def test_a_careers_url_on_a_link_local_address_is_a_form_error_when_adding(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False

    # when an operator pastes the cloud's metadata address
    response = add_company(admin_client, careers_url="http://169.254.169.254/latest/meta-data/", detect_source="on")

    # then the form says why on the field, and no company is saved to fail every scrape
    assert _careers_url_errors(response) == [
        "Scraping would refuse this URL: 169.254.169.254 is a link-local address; allow it with "
        "SCRAPE_ALLOW_PRIVATE_NETWORKS=true or by naming the host in SCRAPE_ALLOWED_HOSTS."
    ]
    assert not Company.objects.exists()


def test_a_careers_url_changed_to_a_name_resolving_to_loopback_is_a_form_error(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    company = plain_company("Acme")

    response = change_company(admin_client, company, careers_url="http://localhost:8080/jobs")

    [error] = _careers_url_errors(response)
    assert re.match(r"Scraping would refuse this URL: localhost resolves to (127\.0\.0\.1|::1), a loopback", error)
    assert Company.objects.get(pk=company.pk).careers_url == company.careers_url


def test_a_careers_url_the_scraper_would_not_fetch_for_its_scheme_is_a_form_error(admin_client):
    # Django's URL field takes ftp:// too; the scraper fetches http and https only
    response = add_company(admin_client, careers_url="ftp://files.example.org/careers/", detect_source="on")

    assert _careers_url_errors(response) == ["Scraping would refuse this URL: only http and https URLs are fetched."]
    assert not Company.objects.exists()


def test_careers_urls_the_settings_allow_or_that_do_not_resolve_are_saved(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]

    # a host named in SCRAPE_ALLOWED_HOSTS, and one whose name does not resolve now (it may be down for a while)
    allowed = add_company(admin_client, name="Intranet", careers_url="http://127.0.0.1:8765/careers/")
    unresolved = add_company(admin_client, name="Offline", careers_url="https://careers.nonexistent.invalid/")

    # saved: both went on to the company list
    companies = reverse("admin:jobscraper_company_changelist")
    assert [response.redirect_chain[-1][0] for response in (allowed, unresolved)] == [companies, companies]
    assert set(Company.objects.values_list("name", flat=True)) == {"Intranet", "Offline"}


# --- A new company is scraped at once ---------------------------------------------------------------------------


def test_a_new_active_company_is_scraped_at_once_an_inactive_one_waits(
    admin_client, broker, django_capture_on_commit_callbacks
):
    # when an operator adds an active company, with and without detection, and an inactive one
    with django_capture_on_commit_callbacks(execute=True):
        add_company(admin_client, name="Acme", careers_url="https://jobs.lever.co/acme", detect_source="on")
        add_company(admin_client, name="Globex", careers_url="https://boards.greenhouse.io/globex")
        add_company(admin_client, name="Initech", careers_url="https://jobs.lever.co/initech", active=None)
    acme, globex = Company.objects.get(name="Acme"), Company.objects.get(name="Globex")

    # then the active ones' scrapes wait on the scrape queue, the inactive one's schedule stays off
    assert queued(broker, "scrape") == [
        ("scraping.tasks.scrape_company_task", [acme.pk], []), ("scraping.tasks.scrape_company_task", [globex.pk], []),
    ]
    assert not PeriodicTask.objects.get(company__name="Initech").enabled

    # and saving a company again queues nothing: its schedule scrapes it
    with django_capture_on_commit_callbacks(execute=True):
        change_company(admin_client, acme, careers_url="https://jobs.lever.co/acme", scrape_interval_minutes="30")
    assert len(queued(broker, "scrape")) == 2


def test_enabling_a_disabled_company_scrapes_it_at_once(admin_client, broker, django_capture_on_commit_callbacks):
    asleep = plain_company("Asleep")
    services.companies_set_active(companies=[asleep], active=False)
    awake = plain_company("Awake")

    with django_capture_on_commit_callbacks(execute=True):
        action(admin_client, "company", "enable", [asleep, awake])

    # the one that was off is scraped now; the one already on keeps its schedule
    assert queued(broker, "scrape") == [("scraping.tasks.scrape_company_task", [asleep.pk], [])]
    assert PeriodicTask.objects.get(company=asleep).enabled


def test_a_new_company_whose_page_must_be_read_is_scraped_right_after_its_detection(
    admin_client, broker, loopback, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_company(admin_client, careers_url=f"{loopback.url}/careers", detect_source="on")

    # one message: the detection, with the scrape chained to it, so the first scrape reads the source detected
    company = Company.objects.get(name="Acme")
    assert queued(broker, "scrape") == [
        ("scraping.tasks.detect_source_task", [company.pk], ["scraping.tasks.scrape_company_task"]),
    ]


@pytest.mark.celery
def test_a_company_added_in_admin_is_detected_and_scraped_by_the_workers_at_once(
    celery_workers, admin_client, settings
):
    # given the demo's plain careers site, its job pages linked from its listing, allowed on 127.0.0.1 by name as
    # `make demo` allows it, and the real workers
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]
    site = DemoSite().start()
    try:
        celery_workers(LOCAL_ENGINE="rules", SCRAPE_HOST_INTERVAL="0", SCRAPE_ALLOW_PRIVATE_NETWORKS="false",
                       SCRAPE_ALLOWED_HOSTS="127.0.0.1")

        # when an operator adds it with detection ticked, its schedule an hour away
        add_company(admin_client, careers_url=f"{site.url}/harbor/careers/", detect_source="on")
        company = Company.objects.get(name="Acme")

        # then a scrape worker reads the page, finds no ATS, and scrapes it straight after, long before its interval
        run = wait_for(lambda: ScrapeRun.objects.filter(company=company, finished_at__isnull=False).first(), 120,
                       message="the first scrape of the company added")
    finally:
        site.stop()
    company.refresh_from_db()
    assert company.source_kind == "career_page" and company.source_detection != DETECTION_QUEUED
    assert (run.status, run.found) == (ScrapeRun.Status.SUCCEEDED, Job.objects.filter(company=company).count())
    assert run.found > 0
