"""Scrape tasks (queue `scrape`): fetch the company by id, scrape it, route what needs extraction; and beat's daily
refresh of the exchange rates."""
import logging

from celery import shared_task

from jobscraper.celery import RETRY_ON_DATABASE_LOSS
from jobscraper.exchange_rates import exchange_rates_store
from jobscraper.models import Company

from .dedupe import scheduled_scrape_claim
from .errors import SourceError
from .rates_feed import ECB_SOURCE, ecb_rates_fetch
from .services import SCRAPE_TIME_LIMIT, company_detect_source_and_save, company_scrape
from .signals import postings_to_extract

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, soft_time_limit=600, time_limit=SCRAPE_TIME_LIMIT, **RETRY_ON_DATABASE_LOSS)
def scrape_company_task(self, company_id: int) -> dict:
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        logger.warning("scrape_company_task: company %s is gone; nothing to do", company_id)
        return {}
    # django-celery-beat names the schedule in every message it sends; a scrape asked for by hand has none and
    # always runs. A retry (the database went away mid-scrape) carries the same name, and its first attempt has
    # claimed the period already: claiming again would refuse the retry as a duplicate of itself.
    schedule_name = getattr(self.request, "periodic_task_name", None)
    claim_due = schedule_name and not self.request.retries
    if claim_due and not scheduled_scrape_claim(company_id=company_id, schedule_name=schedule_name):
        logger.info("scrape of %s skipped: already sent this period by %r (another beat?)", company, schedule_name)
        return {"skipped": "duplicate scheduled scrape"}
    outcome = company_scrape(company=company)
    # Routed here (by extraction, which receives the signal) rather than by a task queued behind every other due
    # scrape: the gpu worker starts on this company's postings at once instead of after the whole scrape queue.
    replies = postings_to_extract.send(sender=Company, job_ids=outcome.job_ids) if outcome.job_ids else []
    routed = next((reply for _, reply in replies), {})
    run = outcome.run
    logger.info(
        "scraped %s: %s, found %d (new %d, changed %d, unchanged %d, closed %d, reopened %d, linked %d)",
        company, run.status, run.found, run.new, run.changed, run.unchanged, run.closed, run.reopened, run.linked,
    )
    return {"run": run.pk, "status": run.status, "routed": routed}


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180, **RETRY_ON_DATABASE_LOSS)
def detect_source_task(company_id: int) -> dict:
    """Admin's bulk "detect source", for a company whose careers page has to be read to tell."""
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        return {}
    detection = company_detect_source_and_save(company=company)
    logger.info("source of %s: %s (%s)", company, detection.kind, detection.reason)
    return {"kind": detection.kind, "reason": detection.reason}


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180, **RETRY_ON_DATABASE_LOSS)
def refresh_exchange_rates_task() -> dict:
    """Beat, daily: store the ECB's rates (EXCHANGE_RATES_URL) and convert again the salaries they change. A feed that
    cannot be fetched, or is not the ECB's XML, stores nothing: the error is logged and raised, and salaries keep
    converting at the latest earlier rates until a later run stores the day's."""
    try:
        rates = ecb_rates_fetch()
    except SourceError as exc:
        logger.error("exchange rates not refreshed, nothing stored: %s", exc)
        raise
    stored = exchange_rates_store(source=ECB_SOURCE, rates=rates)
    logger.info("exchange rates refreshed: %s", stored)
    return {"added": stored.added, "corrected": stored.corrected, "unchanged": stored.unchanged,
            "last_day": str(stored.last_day), "jobs_converted": stored.jobs_converted}
