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


# Headings of what a job page shows besides its posting: other jobs, and what visitors also looked at. Every line
# after one is the site's (with the other jobs' titles, places and salaries), not the posting's.
_OTHER_JOBS_RE = re.compile(
    r"^[#*\s]*(?:similar\s+jobs?|related\s+jobs?|more\s+jobs|other\s+jobs|recommended\s+jobs|jobs\s+you\s+may\s+like|"
    r"people\s+also\s+(?:viewed|searched|applied)|you\s+may\s+also\s+like|explore\s+(?:more|similar)\s+jobs|"
    r"more\s+jobs\s+(?:like\s+this|from|at)|ähnliche\s+(?:jobs|stellen(?:angebote)?)|weitere\s+(?:jobs|stellen)|"
    r"offres\s+similaires|offres\s+d'emploi\s+similaires|empleos\s+similares|ofertas\s+similares|vagas\s+semelhantes|"
    r"vagas\s+similares|offerte\s+simili|lavori\s+simili|podobne\s+oferty|podobné\s+(?:nabídky|pozice)|"
    r"похожие\s+вакансии|liknande\s+jobb|lignende\s+(?:jobber|job)|vergelijkbare\s+vacatures|類似の求人|相似职位|"
    r"비슷한\s+채용)[\s*:]*$",
    re.IGNORECASE | re.MULTILINE,
)
MIN_POSTING_KEPT = 200  # characters: a heading this early is the page's layout, not the end of the posting


def without_other_jobs(text: str) -> str:
    """A job page's text up to its "Similar jobs" or "People also viewed" section, which lists other postings."""
    for match in _OTHER_JOBS_RE.finditer(text or ""):
        if match.start() >= MIN_POSTING_KEPT:
            return text[: match.start()].rstrip()
    return text
