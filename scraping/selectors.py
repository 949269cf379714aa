"""Reads the scraping layer makes of what is stored."""
from jobscraper.fields import EXTRACTED_SALARY
from jobscraper.models import Company, Job


def stored_pay(*, company: Company) -> dict[str, tuple[str, dict]]:
    """{external id: (content hash, the salary fields its source gave)} of the company's stored jobs, open or closed;
    {} for a company not saved. A source that reads pay from a request of its own per posting asks only for the
    postings this cannot vouch for."""
    if company.pk is None:
        return {}
    rows = Job.objects.filter(company=company).values_list("external_id", "content_hash", "source_data")
    return {
        external_id: (content_hash, {key: data[key] for key in EXTRACTED_SALARY if key in (data or {})})
        for external_id, content_hash, data in rows
    }
