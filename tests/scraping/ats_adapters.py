"""Every ATS adapter set up as its own tests set it up, for the cases the adapters share (test_ats_errors.py: error
answers and transport failures; test_ats_boards.py: where the board comes from).

Each adapter is its tests' unsaved company, listing path and answers; the kinds described as data come from
test_declared.KINDS and test_declared_more.MORE_KINDS."""
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from jobscraper.models import Company
from scraping.sources.ashby import AshbySource
from scraping.sources.greenhouse import GreenhouseSource
from scraping.sources.lever import LeverSource
from scraping.sources.oracle import OracleSource
from scraping.sources.personio import PersonioSource
from scraping.sources.recruitee import RecruiteeSource
from scraping.sources.smartrecruiters import SmartRecruitersSource
from scraping.sources.workable import WorkableSource
from scraping.sources.workday import WorkdaySource
from tests.scraping import (
    test_ashby,
    test_greenhouse,
    test_lever,
    test_oracle,
    test_personio,
    test_recruitee,
    test_smartrecruiters,
    test_workable,
    test_workday,
)
from tests.scraping.test_declared import KINDS
from tests.scraping.test_declared_more import MORE_KINDS


@dataclass(frozen=True)
class Adapter:
    """`company(base)` is the adapter's tests' unsaved company, whose board is listed at `listing` on `base`;
    `listing_query` matches what follows that path in the listing's URL as errors name it."""

    name: str
    source: type
    company: Callable[[str], Company]
    listing: str
    listing_query: str = ""

    def fetch(self, base: str):
        return self.source().fetch(self.company(base))

    def listing_url(self, base: str) -> str:
        """A pattern of the listing's URL as errors name it."""
        return re.escape(f"{base}{self.listing}") + self.listing_query


ASHBY = Adapter("ashby", AshbySource, test_ashby._company, test_ashby.RAMP)
GREENHOUSE = Adapter("greenhouse", GreenhouseSource, test_greenhouse._company, test_greenhouse.CATAWIKI_JOBS)
LEVER = Adapter("lever", LeverSource, test_lever._company, test_lever.PALANTIR)
ORACLE = Adapter("oracle", OracleSource, test_oracle._company, test_oracle.SEARCH, r"\?onlyData=true\S*")
PERSONIO = Adapter("personio", PersonioSource, test_personio._company, "/xml")
RECRUITEE = Adapter("recruitee", RecruiteeSource, test_recruitee._company, test_recruitee.OFFERS)
SMARTRECRUITERS = Adapter(
    "smartrecruiters", SmartRecruitersSource, test_smartrecruiters._company, test_smartrecruiters.POSTINGS
)
WORKABLE = Adapter("workable", WorkableSource, test_workable._company, test_workable.ACME_JOBS)
WORKDAY = Adapter("workday", WorkdaySource, test_workday._company, test_workday.SEARCH)
# The kinds described as data; their listings carry a fixed query (Comeet's token, Manatal's page size).
DECLARED = [(Adapter(kind.kind, kind.source, kind.company, kind.listing, r"(\?\S*)?"), kind) for kind in KINDS + MORE_KINDS]
ALL = [ASHBY, GREENHOUSE, LEVER, ORACLE, PERSONIO, RECRUITEE, SMARTRECRUITERS, WORKABLE, WORKDAY,
       *(adapter for adapter, _ in DECLARED)]


def case(adapter: Adapter, *values, note: str = ""):
    """A parameter set for `adapter`, named after it (and `note`, where it has more than one)."""
    return pytest.param(adapter, *values, id=f"{adapter.name}-{note}" if note else adapter.name)
