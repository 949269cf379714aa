"""Admin for operators and reviewers: company list and actions, job review actions, raw posting view (the company
form's detection and checks: test_admin_companies.py)."""
import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from jobscraper.models import Company, Job, ScrapeRun
from jobscraper.provenance import ContentPart
from tests.builders import make_job, plain_company
from tests.jobscraper.admin_posts import action, queued_tasks

pytestmark = pytest.mark.django_db


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
        response = action(admin_client, "company", "scrape_now", companies)

    assert "Queued a scrape of 2 companies." in response.content.decode()
    assert queued_tasks(broker, "scrape") == ["scraping.tasks.scrape_company_task"] * 2


def test_disable_and_enable_actions_follow_through_to_the_schedule(admin_client):
    company = plain_company()

    action(admin_client, "company", "disable", [company])
    assert not Company.objects.get(pk=company.pk).active
    assert not PeriodicTask.objects.get(company=company).enabled

    action(admin_client, "company", "enable", [company])
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

    action(admin_client, "job", "approve", [first])
    response = action(admin_client, "job", "reject", [second])

    assert Job.objects.get(pk=first.pk).review_status == "approved"
    assert Job.objects.get(pk=second.pk).review_status == "rejected"
    assert Job.objects.get(pk=second.pk).reviewed_at is not None
    assert "Rejected 1 job(s)." in response.content.decode()


def test_reextract_sends_jobs_back_through_routing(admin_client, broker, django_capture_on_commit_callbacks):
    job = make_job(plain_company(), extraction_state=Job.ExtractionState.FAILED, extraction_error="bad JSON")

    with django_capture_on_commit_callbacks(execute=True):
        action(admin_client, "job", "reextract", [job])

    job.refresh_from_db()
    assert (job.extraction_state, job.extraction_error) == ("pending", "")
    assert queued_tasks(broker, "scrape") == ["extraction.tasks.route_jobs_task"]


def test_job_filters_by_state_and_review(admin_client):
    company = plain_company()
    make_job(company, title="Failed One", extraction_state=Job.ExtractionState.FAILED)
    make_job(company, title="Approved One", review_status=Job.ReviewStatus.APPROVED)

    url = reverse("admin:jobscraper_job_changelist")
    failed = admin_client.get(url, {"extraction_state__exact": "failed"}).content.decode()
    approved = admin_client.get(url, {"review_status__exact": "approved"}).content.decode()

    assert "Failed One" in failed and "Approved One" not in failed
    assert "Approved One" in approved and "Failed One" not in approved


def test_the_job_lists_salary_reads_as_the_public_pages_write_it(admin_client):
    make_job(plain_company(), salary_min=50000, salary_max=60000, salary_currency="EUR", salary_period="year")

    page = admin_client.get(reverse("admin:jobscraper_job_changelist")).content.decode()

    assert '<td class="field-salary_display">EUR 50,000–60,000 per year</td>' in page


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
