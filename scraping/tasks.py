"""Scrape tasks (queue `scrape`): fetch the company by id, scrape it, route what needs extraction."""
import logging

from celery import shared_task

from extraction.services import jobs_route
from jobscraper.models import Company

from .services import company_scrape

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def scrape_company_task(company_id: int) -> dict:
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        logger.warning("scrape_company_task: company %s is gone; nothing to do", company_id)
        return {}
    outcome = company_scrape(company=company)
    # Routed here rather than by a task queued behind every other due scrape: the gpu worker starts on
    # this company's postings at once instead of after the whole scrape queue has drained.
    routed = jobs_route(job_ids=outcome.job_ids) if outcome.job_ids else {}
    run = outcome.run
    logger.info(
        "scraped %s: %s, found %d (new %d, changed %d, unchanged %d, closed %d, reopened %d, linked %d)",
        company, run.status, run.found, run.new, run.changed, run.unchanged, run.closed, run.reopened, run.linked,
    )
    return {"run": run.pk, "status": run.status, "routed": routed}
