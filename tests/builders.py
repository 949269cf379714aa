"""Small builders for test data."""
import json
import socket
from pathlib import Path

from jobscraper.models import Company, SourceKind
from jobscraper.services import company_save

FIXTURES = Path(__file__).parent / "fixtures"


def ats_answer(name: str):
    """A real ATS response saved under fixtures/ats, parsed from its JSON."""
    return json.loads((FIXTURES / "ats" / name).read_text(encoding="utf-8"))


def closed_port_url() -> str:
    """An http URL on loopback where nothing listens (a port just bound and let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def greenhouse_board(name: str = "catawiki") -> dict:
    """A Greenhouse `jobs?content=true` response as the API sends it, from the real fixture."""
    data = ats_answer(f"greenhouse_{name}_board_content_true.json")
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


def make_job(company: Company, *, extracted: bool = True, **fields):
    """A stored job as a finished extraction leaves it, or (`extracted=False`) a bare one awaiting extraction: pending,
    with no title, engine or source URL. Override any field."""
    from jobscraper.models import Job
    from jobscraper.sightings import jobs_seen

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
    if not extracted:
        defaults |= {
            "source_url": "", "title": "", "extraction_state": Job.ExtractionState.PENDING, "extraction_engine": "",
        }
    seen_at = fields.pop("last_seen_at", None)
    job = Job.objects.create(company=company, **{**defaults, **fields})
    jobs_seen([job.pk], seen_at=seen_at or job.first_seen_at)  # listed when it was stored, unless said otherwise
    return job
