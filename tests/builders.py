"""Small builders for test data."""
import json
from pathlib import Path

from jobscraper.models import Company, SourceKind
from jobscraper.services import company_save

FIXTURES = Path(__file__).parent / "fixtures"


def greenhouse_board(name: str = "catawiki") -> dict:
    """A Greenhouse `jobs?content=true` response as the API sends it, from the real fixture."""
    data = json.loads((FIXTURES / "ats" / f"greenhouse_{name}_board_content_true.json").read_text())
    # The fixture's author wrapped the API response; the API itself answers {"jobs": [...], "meta": {...}}.
    return {"jobs": data["jobs"], "meta": {"total": len(data["jobs"])}}


def greenhouse_company(api_base: str, *, token: str = "catawiki", **fields) -> Company:
    return company_save(
        company=Company(
            name=fields.pop("name", f"{token.title()} (test)"),
            careers_url=f"https://boards.greenhouse.io/{token}",
            source_kind=SourceKind.GREENHOUSE,
            source_params={"board_token": token, "api_base": api_base},
            **fields,
        )
    )


def plain_company(name: str = "Acme") -> Company:
    return company_save(company=Company(name=name, careers_url=f"https://{name.lower()}.example/careers"))


def make_job(company: Company, **fields):
    """A stored job as a finished extraction leaves it; override any field."""
    from jobscraper.models import Job

    number = Job.objects.count() + 1
    defaults = {
        "external_id": f"job-{number}",
        "source_url": f"https://example.org/jobs/{number}",
        "content_hash": f"{number:064x}",
        "raw_content": f"Job {number}",
        "title": f"Job {number}",
        "extraction_state": Job.ExtractionState.DONE,
        "extraction_engine": "rules",
    }
    return Job.objects.create(company=company, **{**defaults, **fields})
