"""A job page without its site's furniture (navigation, footer, cookie banner, forms), before it becomes the posting's
text: what the extractor reads and what visitors see as the description (pure, no network)."""
import re

from lxml import etree
from lxml import html as lxml_html

# Parts of a page that are the site's, never the posting's. A <header> often holds the job's title, location and
# pay (Glassdoor's does), so it goes only when it has no <h1>; <aside> may hold a "job details" box, so it stays.
_SITE_PARTS = (
    "//nav | //footer | //form | //dialog"
    " | //*[@role='navigation' or @role='contentinfo' or @role='search' or @role='dialog' or @aria-modal='true']"
    " | //header[not(.//h1)]"
)
_BANNER_RE = re.compile(r"cookie|consent|gdpr|onetrust|cookiebot|didomi|usercentrics", re.IGNORECASE)
# A part holding more than this share of the page's text is a wrapper with an unlucky name, not furniture.
MAX_SHARE_REMOVED = 0.5


def strip_site_parts(markup: str) -> str:
    """`markup` without the parts every page of its site repeats; `markup` itself when it cannot be parsed."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    body_text = _text_length(root)
    removed = False
    for element in _furniture(root):
        # Skipped: one inside a part already dropped, the document itself, and anything holding the job's title.
        if element.getparent() is None or element.getroottree().getroot() is not root or element.xpath(".//h1"):
            continue
        if _text_length(element) > MAX_SHARE_REMOVED * body_text:
            continue
        try:
            element.drop_tree()
        except ValueError:  # its tail holds a control character lxml will not move to its neighbour: it stays
            continue
        removed = True
    return lxml_html.tostring(root, encoding="unicode") if removed else markup


def _furniture(root) -> list:
    banners = [
        element for element in root.iter(tag=etree.Element)
        if _BANNER_RE.search(f"{element.get('id', '')} {element.get('class', '')}") and element.tag not in ("html", "body")
    ]
    return [*root.xpath(_SITE_PARTS), *banners]


def _text_length(element) -> int:
    return sum(len(text.strip()) for text in element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))
