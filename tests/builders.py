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
