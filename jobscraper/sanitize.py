"""Scraped HTML is untrusted: keep the formatting tags, drop scripts, handlers and unsafe URLs (pure)."""
import html
from functools import lru_cache

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=16)  # a job's page shows its description twice (the page, its JSON-LD): one cleaning serves both
def sanitize_html(markup: str) -> str:
    """Safe HTML for display: no script/style, no on* handlers, no javascript: or data: links."""
    return nh3.clean(
        markup or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def safe_link(url: str) -> str:
    """The URL if it is http(s), else "": a scraped `javascript:` apply link must never reach an href."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def plain_text(markup: str) -> str:
    """The words of scraped HTML, without any tag, script or style, one space between them (a page's summary)."""
    # Every tag becomes a gap first, so that "<p>One</p><p>Two</p>" reads "One Two", not "OneTwo".
    text = nh3.clean((markup or "").replace("<", " <"), tags=set(), strip_comments=True)
    return " ".join(html.unescape(text).split())
