"""A posting's text as its rules read it: a record's HTML as text; and as its figures read: links' targets, invisible
characters and markdown's escapes out (pure).

Parsing a posting's pay and checking an engine's figures against it read the same text, most often the posting whole
(the rules engine's text is the posting's unless labels were joined): each reading is kept for the few texts of the
posting being read, not done again (~30 µs a reading of a posting).
"""
import functools
import html
import re

from scraping.html_text import html_to_text

from .markdown import without_markdown_escapes

READINGS_KEPT = 8  # a posting's text, its text without links, and the pieces stated as pay

# Links' targets are addresses, not text: their digits are never pay. Behind a guard on the letters every link
# starts with, other places fail at once (a third of the time of trying "\b" and each scheme there).
_URL_RE = re.compile(r"(?=[fhw])(?:\b(?:https?|file|ftp)://[^\s)\]>]+|\bwww\.[^\s)\]>]+)", re.I)
_WWW_RE = re.compile(r"[wW][wW][wW]\.")  # _URL_RE's "www.": its case-insensitive "w" is "w" or "W"


@functools.lru_cache(maxsize=READINGS_KEPT)
def without_urls(text: str) -> str:
    text = text or ""
    # Most postings have no link, told by the "://" or "www." every link has sooner than by _URL_RE (~80 µs).
    has_links = "://" in text or ("w." in text or "W." in text) and _WWW_RE.search(text)
    return _URL_RE.sub(" ", text) if has_links else text


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width joiners and soft hyphens pages set
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_RETIREMENT_RE = re.compile(r"\b401\s?\(?k\)?", re.IGNORECASE)


@functools.lru_cache(maxsize=READINGS_KEPT)
def readable(text: str) -> str:
    """Text as its figures read: links, invisible characters and markdown's escapes ("900\\.000") out; a 401(k)
    plan is no "401k" salary."""
    text = without_urls(text)
    # A substring search a character (~0.3 µs) tells a text holds none sooner than _INVISIBLE_RE's scan (~10 µs).
    text = without_markdown_escapes(_INVISIBLE_RE.sub("", text) if any(char in text for char in _INVISIBLE) else text)
    return _RETIREMENT_RE.sub("retirement plan", text) if "401" in text else text


_TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]*>")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,7});")


def without_markup(text: str) -> str:
    """`text` as it reads where a record gave part of it as HTML ("<p>Requisitos:<br />", "Golf &amp; Event"): each
    line holding a tag read as HTML, character references elsewhere resolved, the other lines as they are (a record's
    lines of title, employer and place stay lines)."""
    if "<" not in text and "&" not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "<" in line and _TAG_RE.search(line):
            lines[index] = html_to_text(line)
        elif "&" in line and _ENTITY_RE.search(line):
            lines[index] = html.unescape(line)
    return "\n".join(lines)
