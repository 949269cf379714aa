"""Seeds the demo companies, one per source kind, pointing at the demo site wherever it is served."""
from django.db import transaction

from jobscraper.models import Company, SourceKind
from jobscraper.services import company_save

DEMO_SCRAPE_INTERVAL = 5  # minutes: short, so beat's own runs soon show in the companies' run history


def _demo_companies(site_url: str) -> list[dict]:
    return [
        {
            "name": "Northwind Robotics",
            "careers_url": f"{site_url}/boards/northwind/",
            "source_kind": SourceKind.GREENHOUSE,
            "source_params": {"board_token": "northwind", "api_base": site_url},
        },
        {
            "name": "Lumen Health",
            "careers_url": f"{site_url}/lumen/careers/",
            "source_kind": SourceKind.CAREER_PAGE,
            "source_params": {},
        },
        {
            "name": "Harbor & Pine Coffee Roasters",
            "careers_url": f"{site_url}/harbor/careers/",
            "source_kind": SourceKind.CAREER_PAGE,
            "source_params": {"job_link_pattern": r"^/harbor/careers/[a-z0-9-]+/$"},
        },
    ]


@transaction.atomic
def demo_companies_seed(*, site_url: str) -> list[Company]:
    """Create the demo companies, or point them at `site_url` again; safe to run on every start."""
    companies = []
    for fields in _demo_companies(site_url):
        company = Company.objects.filter(name=fields["name"]).first() or Company()
        for name, value in fields.items():
            setattr(company, name, value)
        company.scrape_interval_minutes = DEMO_SCRAPE_INTERVAL
        companies.append(company_save(company=company))
    return companies
