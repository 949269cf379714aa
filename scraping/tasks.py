"""Scrape tasks (queue `scrape`): thin wrappers that fetch by id and call the service."""
import logging

from celery import shared_task

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
    if outcome.job_ids:
        from extraction.tasks import route_jobs_task

        route_jobs_task.delay(outcome.job_ids)
    run = outcome.run
    logger.info(
        "scraped %s: %s, found %d (new %d, changed %d, unchanged %d, closed %d, reopened %d)",
        company, run.status, run.found, run.new, run.changed, run.unchanged, run.closed, run.reopened,
    )
    return {"run": run.pk, "status": run.status, "to_extract": len(outcome.job_ids)}
