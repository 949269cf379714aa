"""Text every stage can store and read: lone UTF-16 surrogates, which JSON escapes such as "\\ud800" produce and which
neither PostgreSQL nor pydantic accepts, become U+FFFD; and markdown's escapes and an API's HTML taken off for rules
that read it (pure)."""
import html
import re

from scraping.html_text import html_to_text

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, as a decoder replaces an invalid byte."""
    try:
        text.encode("utf-8")  # fails on a surrogate only, a few µs a posting where searching for one takes ~15
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


def valid_unicode_deep(value):
    """`valid_unicode` over every string in a JSON-like value (dict keys included)."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, dict):
        return {valid_unicode_deep(key): valid_unicode_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [valid_unicode_deep(item) for item in value]
    return value


_MARKDOWN_ESCAPE_RE = re.compile(r"\\([-.,*_()#+!$\\])")


def without_markdown_escapes(text: str) -> str:
    """`text` as it reads, without the backslashes markdown puts before punctuation: "900\\.000", "Temporal \\- 3"."""
    return _MARKDOWN_ESCAPE_RE.sub(r"\1", text) if "\\" in text else text


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
