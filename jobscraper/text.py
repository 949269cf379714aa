"""Text every stage can store, show and search (pure): what scrapers bring in and what visitors type in the URL
takes this one path before it reaches the database or a page.

- Lone UTF-16 surrogates, which JSON escapes such as "\\ud800" produce and which neither PostgreSQL nor pydantic
  accepts, become U+FFFD, as a decoder replaces an invalid byte.
- NUL and the other C0 controls but tab, newline and carriage return, and DEL, are dropped: PostgreSQL's text and
  jsonb refuse NUL, XML (the Atom feed) refuses the rest, and no posting or search means one (Django's forms drop
  NUL too, with ProhibitNullCharactersValidator).
- The explicit bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) are dropped: echoed into a title
  they reverse what follows on the page; right-to-left text still shows right to left, by the Unicode bidi
  algorithm, which needs none of them.
"""
import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_ESCAPED = re.compile(f"{_UNWANTED.pattern}|{_LONE_SURROGATE.pattern}")


def clean_text(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD and controls and bidi overrides dropped."""
    try:
        text.encode("utf-8")  # fails on a surrogate only, a few µs a posting where searching for one takes ~15
    except UnicodeEncodeError:
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return _UNWANTED.sub("", text) if _UNWANTED.search(text) else text


def escaped_key(text: str) -> str:
    """`text` with what clean_text drops written as escapes ("\\x00", "\\u202e", "\\ud800") instead: for ids, which
    must stay storable and yet distinct ("a\\x00" and "a\\x01" are two postings) and never become empty."""
    return _ESCAPED.sub(lambda match: match.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def clean_text_deep(value):
    """`clean_text` over every string in a JSON-like value (dict keys included)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text_deep(key): clean_text_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_text_deep(item) for item in value]
    return value
