"""Employer names as boards and career sites write them, reduced to a key for comparing (pure): the board source
keeps a company's own rows by it, and duplicate matching compares two postings' employers by it."""
import re

# Boards write an employer with or without its legal form: "Stripe" and "Stripe, Inc." are one company.
LEGAL_FORMS = {
    "ag", "bv", "co", "company", "corp", "corporation", "gmbh", "inc", "incorporated", "limited", "llc", "ltd",
    "nv", "plc", "pty", "sa", "sas", "se", "srl",
}
_WORD_RE = re.compile(r"[^\W_]+")


def employer_key(name: str) -> str:
    """A company name without case, punctuation or trailing legal form, for comparing board employers."""
    words = _WORD_RE.findall(str(name).casefold())
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)
