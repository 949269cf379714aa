"""Employer names compared as career sites and boards write them (pure): "Outbrain Inc." and "Outbrain", "Trax" and
"Trax Retail", "SuperCom (NASDAQ: SPCB)" and "SuperCom" are one employer."""
import re
from typing import NamedTuple

from rapidfuzz import fuzz

from jobscraper.employers import employer_key

# A board's extras around the name: "(NASDAQ: SPCB)", "(formerly Devalore)", "Cycode | Complete ASPM".
_ASIDE_RE = re.compile(r"\([^)]*\)|\s[|·–—]\s.*$")
SPELLING = 90  # rapidfuzz ratio (0-100) from which two names are one name spelt two ways ("Autobrains", "AutoBrains")
# Words many employers' names share: a name sharing only these with another says nothing of being the same employer.
COMMON_NAME_WORDS = {
    "and", "by", "the", "of", "for", "group", "systems", "system", "software", "technologies", "technology", "tech",
    "solutions", "services", "service", "global", "international", "holdings", "labs", "lab", "health", "healthcare",
    "media", "digital", "consulting", "partners", "network", "networks", "data", "bank", "capital", "financial",
    "energy", "retail", "industries", "company", "corporate", "america", "usa", "north",
}


class EmployerAgreement(NamedTuple):
    score: float  # 1 for one name, 0 for two employers
    reason: str


def name_key(name: str) -> str:
    """A company name without case, punctuation, legal form or a board's extras around it."""
    return employer_key(_ASIDE_RE.sub(" ", name or "")) or employer_key(name or "")


def employers_agree(first: str, second: str) -> EmployerAgreement:
    """How far two employer names are one employer: the same key, one name inside the other, one spelt two ways, a
    distinctive word shared ("Galor Systems" and "Travel Booster by Galor"), or nothing in common."""
    key_a, key_b = name_key(first), name_key(second)
    if not key_a or not key_b:
        return EmployerAgreement(0.5, "an employer name is missing")
    if key_a == key_b:
        return EmployerAgreement(1.0, f"same employer ({key_a})")
    words_a, words_b = set(key_a.split()), set(key_b.split())
    if words_a <= words_b or words_b <= words_a:
        return EmployerAgreement(0.9, f"one employer name holds the other ({first!r}, {second!r})")
    if fuzz.ratio(key_a, key_b) >= SPELLING:
        return EmployerAgreement(0.85, f"employer names spelt two ways ({first!r}, {second!r})")
    if shared := sorted(word for word in words_a & words_b if len(word) >= 4 and word not in COMMON_NAME_WORDS):
        return EmployerAgreement(0.6, f"employer names share {', '.join(shared)} ({first!r}, {second!r})")
    return EmployerAgreement(0.0, f"different employers ({first!r}, {second!r})")
