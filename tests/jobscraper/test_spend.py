"""The operations page's spend section: today's cloud spend against the cap, jobs waiting for it, cost per day and per
extracted posting, local and cloud; and the cap as operators edit it in admin."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from extraction.models import CloudBudget, CloudCall
from extraction.pricing import budget_day, budget_resets_at
from jobscraper import spend
from jobscraper.models import Job
from tests.builders import make_job, plain_company
from tests.jobscraper.test_operations import _cells, _section

pytestmark = pytest.mark.django_db
LOCAL_LIMIT = 8000  # tokens


def call(*, usd: str, at, state=CloudCall.State.SETTLED) -> CloudCall:
    amount = Decimal(usd)
    return CloudCall.objects.create(
        day=budget_day(at), model="gpt-4o-mini", state=state, estimate_usd=amount,
        cost_usd=amount if state == CloudCall.State.SETTLED else 0, content_hash="h",
    )


def test_todays_cloud_spend_against_the_cap_with_the_jobs_waiting(admin_client):
    now = timezone.now()
    CloudBudget.objects.create(pk=CloudBudget.ONLY, daily_cap_usd=Decimal("2.00"))
    call(usd="0.5", at=now)
    call(usd="0.25", at=now, state=CloudCall.State.RESERVED)
    call(usd="9.99", at=now - timedelta(days=1))  # yesterday's: not today's
    company = plain_company()
    for _ in range(2):
        make_job(company, extraction_state=Job.ExtractionState.WAITING_BUDGET, extraction_error="waiting for ...")

    html = admin_client.get(reverse("admin:jobscraper_operations")).content.decode()

    rows = _cells(_section(html, "spend"))
    assert rows[:6] == [
        ["spent", "$0.5000"], ["reserved by calls in flight", "$0.2500"], ["daily cap", "$2.00"], ["of the cap", "38 %"],
        ["jobs waiting for the budget", "2"], ["budget resets at", f"{budget_resets_at(now):%Y-%m-%d} 00:00 UTC"],
    ]
    assert "$0.15 per 1M input tokens and $0.6 per 1M output tokens" in html


def test_a_cloud_model_without_a_price_is_shown_as_an_error(admin_client, settings):
    settings.OPENAI_MODEL = "gpt-9-ultra"

    html = admin_client.get(reverse("admin:jobscraper_operations")).content.decode()

    assert '<span class="unavailable">cloud not configured: no price for the model &#x27;gpt-9-ultra&#x27;' in html


def test_cost_per_day_and_per_posting_local_and_cloud(settings):
    # given a GPU at $3.60 an hour (a tenth of a cent a second) and the local limit at 8,000 tokens
    settings.LOCAL_GPU_USD_PER_HOUR = 3.6
    settings.LOCAL_MAX_TOKENS = LOCAL_LIMIT
    now = timezone.now()
    company = plain_company()

    def extracted(*, at, latency, tokens=500, engine="vllm"):
        make_job(company, extracted_at=at, extraction_latency_ms=latency, token_count=tokens, extraction_engine=engine)

    # today two local batches: 4 postings in 2 s (vLLM gives each the batch's time), 2 in 3 s
    for _ in range(4):
        extracted(at=now, latency=2000)
    extracted(at=now - timedelta(seconds=1), latency=1000)
    extracted(at=now - timedelta(seconds=1), latency=3000)
    extracted(at=now, latency=0, tokens=None, engine="source")  # no engine ran: no cost, not counted
    # and two cloud postings, whose calls cost 1 and 3 cents; yesterday a call of 5 cents extracted nothing
    extracted(at=now, latency=4000, tokens=LOCAL_LIMIT + 1, engine="openai")
    extracted(at=now, latency=5000, tokens=LOCAL_LIMIT + 1, engine="openai")
    call(usd="0.01", at=now)
    call(usd="0.03", at=now)
    call(usd="0.05", at=now - timedelta(days=1))

    today, yesterday, *older = spend.cost_per_day(now=now)

    assert (today.day, yesterday.day, len(older)) == (budget_day(now), budget_day(now) - timedelta(days=1), 5)
    assert (today.local_postings, today.local_hours * 3600, today.local_usd) == (6, 5.0, Decimal("0.005"))
    assert today.local_per_posting == Decimal("0.005") / 6
    assert (today.cloud_postings, today.cloud_usd, today.cloud_per_posting) == (2, Decimal("0.04"), Decimal("0.02"))
    assert (yesterday.cloud_usd, yesterday.cloud_postings, yesterday.cloud_per_posting) == (Decimal("0.05"), 0, None)
    assert all(day.cloud_usd == 0 and day.local_postings == 0 for day in older)


def test_local_cost_is_zero_and_says_so_when_the_gpu_price_is_unset(admin_client, settings):
    settings.LOCAL_GPU_USD_PER_HOUR = 0
    make_job(plain_company(), extracted_at=timezone.now(), extraction_latency_ms=7200, token_count=500)

    [today, *_] = spend.cost_per_day(now=timezone.now())
    html = admin_client.get(reverse("admin:jobscraper_operations")).content.decode()

    assert (today.local_postings, today.local_usd, today.local_per_posting) == (1, 0, 0)
    assert "not counted: LOCAL_GPU_USD_PER_HOUR is unset, so local extraction shows as free" in _section(html, "spend")


def test_operators_edit_the_daily_cap_in_admin(admin_client, settings):
    settings.CLOUD_DAILY_CAP_USD = 5
    # the list is the one row's page, made with the setting's cap
    response = admin_client.get(reverse("admin:extraction_cloudbudget_changelist"))
    assert response.status_code == 302 and response.url == reverse("admin:extraction_cloudbudget_change", args=[1])
    assert CloudBudget.objects.get().cap == Decimal("5")

    response = admin_client.post(response.url, {"daily_cap_usd": "12.50"})

    assert response.status_code == 302
    assert CloudBudget.objects.get().cap == Decimal("12.50")
    assert spend.cloud_today(now=timezone.now()).cap == Decimal("12.50")


def test_a_jobs_page_shows_what_the_cloud_spent_on_it(admin_client):
    job = make_job(plain_company())
    for cost in ("0.0012", "0.0003"):
        CloudCall.objects.create(
            job=job, day=budget_day(timezone.now()), model="gpt-4o-mini", state=CloudCall.State.SETTLED,
            estimate_usd=Decimal("0.01"), cost_usd=Decimal(cost), tokens_in=1000, tokens_out=100, content_hash="h",
        )

    html = admin_client.get(reverse("admin:jobscraper_job_change", args=[job.pk])).content.decode()
    calls = admin_client.get(reverse("admin:extraction_cloudcall_changelist") + f"?job__id__exact={job.pk}")

    assert "2 cloud calls</a>: 2000 tokens in, 200 out, $0.001500" in html
    assert calls.status_code == 200 and calls.context["cl"].result_count == 2
