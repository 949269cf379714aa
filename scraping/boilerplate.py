"""A job page without its site's furniture (navigation, footer, cookie banner, forms), before it becomes the posting's
text: what the extractor reads and what visitors see as the description (pure, no network)."""
import math
import re
from typing import NamedTuple
from urllib.parse import urlsplit

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


def _drop_site_parts(root) -> None:
    """Drops the site's parts (navigation, footer, forms, cookie banners) from the parsed page `root`."""
    sizes = _text_sizes(root, host="")
    for element in _furniture(root):
        # Skipped: one inside a part already dropped, the document itself, and anything holding the job's title.
        if element.getparent() is None or element.getroottree().getroot() is not root or element.xpath(".//h1"):
            continue
        # One the parser left outside the document's element (after a stray "</html>") was not measured: it stays.
        if sizes.get(element, (math.inf,))[0] > MAX_SHARE_REMOVED * sizes[root][0]:
            continue
        try:
            element.drop_tree()
        except ValueError:  # its tail holds a control character lxml will not move to its neighbour: it stays
            continue


def _furniture(root) -> list:
    banners = [
        element for element in root.iter(tag=etree.Element)
        if _BANNER_RE.search(f"{element.get('id', '')} {element.get('class', '')}") and element.tag not in ("html", "body")
    ]
    return [*root.xpath(_SITE_PARTS), *banners]


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
# A career site's heading over every posting, or a posting's section heading, never a job's title: "Careers", "Job
# Posting Details", "Find job and career opportunities with DeVry University" (an iCIMS page's <title>), "Karrier",
# "About the team", "Functieomschrijving".
SITE_HEADING_RE = re.compile(
    r"(?:careers?|jobs?|job\s+(?:posting\s+)?details?|job\s+description|job\s+openings?|current\s+(?:openings|vacancies)|"
    r"open\s+positions|(?:find|search)\s+(?:jobs?|careers?)\b.*|find\s+job\s+and\s+career\s+opportunities\b.*|"
    r"stellenangebote?|karriere|offres?\s+d'emploi|carrières|empleo|ofertas?\s+de\s+empleo|vacatures?|lavora\s+con\s+noi|"
    r"[\"'“„]?(?:karrier|kariera|kariéra|cariere|angaj[aă]ri|locuri\s+de\s+munc[aă]|állás(?:ok|ajánlat(?:ok)?)|вакансії|вакансии|"
    r"кариери|θέσεις\s+εργασίας|משרות|وظائف|"
    r"about\s+(?:the\s+)?(?:team|role|job|position|opportunity|company|us)|(?:the\s+)?role|overview|summary|"
    r"responsibilities|requirements|qualifications|what\s+you(?:'ll|\s+will)\s+do|functieomschrijving|"
    r"stellenbeschreibung|ihre\s+aufgaben|deine\s+aufgaben|description\s+du\s+poste|descripci[oó]n(?:\s+del\s+puesto)?|"
    r"descri[cç][aã]o\s+da\s+vaga)[\"'”“]?)[\s:!]*",
    re.IGNORECASE,
)
# What a board appends to a job's title in its page heading: "…の求人詳細情報" (the job's details), "… - Job Details".
_TITLE_SUFFIX_RE = re.compile(r"(?:の求人(?:詳細)?(?:情報)?|\s+[-–|]\s+job\s+(?:details|description))\s*$", re.IGNORECASE)


def without_site_suffix(title: str) -> str:
    """A heading without what the board appends to every job's title; the heading itself if that is all it is."""
    return _TITLE_SUFFIX_RE.sub("", title) or title


MIN_POSTING_KEPT = 200  # characters: a heading this early is the page's layout, not the end of the posting


def without_other_jobs(text: str) -> str:
    """A job page's text up to its "Similar jobs" or "People also viewed" section, which lists other postings."""
    for match in _OTHER_JOBS_RE.finditer(text or ""):
        if match.start() >= MIN_POSTING_KEPT:
            return text[: match.start()].rstrip()
    return text



class PostingContent(NamedTuple):
    """A job page narrowed to its posting: what crawl4ai reads into the posting's text and description."""

    markup: str  # the page with only the posting's own content in its <body>, its <head> kept
    main_element: bool  # that content is one element of the page (its <main> or <article>, or the title's block)


# Where a page says which part of it is its content. An <article> is one of several on a listing, so one counts
# only when it holds the job's title or, on a page without an <h1>, is the only element marked so.
_MAIN_XPATH = ".//main | .//*[@role='main'] | .//article"
# Share of the page's text (furniture removed) the chosen element must hold: what it leaves out is then at most
# half of the page, as with MAX_SHARE_REMOVED, however the page is built.
MIN_MAIN_SHARE = 0.5
# A wrapper with no semantic name (the <div> around the title and the body) is trusted only when it leaves out
# very little: an <aside> beside it may be the posting's "job details" box.
MIN_BLOCK_SHARE = 0.9
# A block whose text is mostly text of links to elsewhere on the site is a way around the site ("Back to all roles",
# breadcrumbs, "Apply / Share", lists of other jobs), not the posting. 0.8 keeps a sentence around one link.
LINK_DENSITY = 0.8
# All link-dense blocks together may hold at most this share of the content's text; a page with more is one we do
# not understand (a posting written as links, a listing), and keeps them all.
MAX_LINK_DENSE_SHARE = 0.25
# Characters of a block's own text (not its links' or its children's) that make it the posting's prose. Before the
# first such block after the title is the posting's top card, where job boards link the company, place and job
# type to searches: link-dense blocks there are the posting's facts and stay.
PROSE_CHARS = 80
_BLOCK_TAGS = frozenset({"div", "section", "aside", "p", "ul", "ol", "li", "dl", "table", "menu", "details"})
_UNREAD_TAGS = frozenset({"script", "style", "noscript", "template"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # an absolute URL's start: "https:", "mailto:", "tel:"


def posting_content(markup: str, *, url: str = "") -> PostingContent:
    """`markup`, the page at `url`, narrowed to its posting: without its site's furniture, inside the element holding
    the job's title and most of the text, without blocks of links around the site. `markup` itself when it cannot
    be parsed."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return PostingContent(markup, main_element=False)
    _drop_site_parts(root)
    body = root.find("body")
    if body is None:
        return PostingContent(markup, main_element=False)
    title = next((h1 for h1 in body.iter("h1") if h1.text_content().strip()), None)
    sizes = _text_sizes(body, host=_host(url))
    content = _main_element(body, title, sizes)
    if content is not body:
        content.tail = None
        body.clear()
        body.append(content)
    for block in _link_dense_blocks(content, title, sizes):
        try:
            block.drop_tree()
        except ValueError:  # its tail holds a control character lxml will not move to its neighbour: it stays
            continue
    return PostingContent(lxml_html.tostring(root, encoding="unicode"), main_element=content is not body)


def description_markup(markup: str, *, title: str) -> str:
    """The posting's content as visitors see it under the job's own heading: the body of `markup` (a page or a
    fragment) without the page's <head>, whose <title> would show as text, and without its first heading reading
    `title`, which the job's page shows already. `markup` itself when it cannot be parsed."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    body = root.find("body")
    if body is None:
        return markup
    wanted = _words(title) or None  # no title: no heading repeats it
    heading = next((heading for heading in body.iter(*_HEADINGS) if _words(heading.text_content()) == wanted), None)
    if heading is not None:
        try:
            heading.drop_tree()
        except ValueError:  # its tail holds a control character lxml will not move: the heading stays
            pass
    body.tag = "div"
    body.attrib.clear()
    return lxml_html.tostring(body, encoding="unicode")


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _main_element(body, title, sizes: dict):
    """The smallest element holding the job's title and most of the page's text; `body` when there is none."""
    body_text = sizes[body][0]
    marked = [element for element in body.xpath(_MAIN_XPATH) if title is None or _holds(element, title)]
    if title is None and len(marked) > 1:  # several articles and no title: a listing, or a page we do not know
        marked = []
    candidates = [element for element in marked if sizes[element][0] >= MIN_MAIN_SHARE * body_text > 0]
    if title is not None:  # a wrapper leaving nothing out is the page, not a part of it
        candidates += [
            element for element in title.iterancestors()
            if MIN_BLOCK_SHARE * body_text <= sizes.get(element, (0, 0))[0] < body_text
        ]
    return min(candidates, key=lambda element: sizes[element][0], default=body)


def _link_dense_blocks(content, title, sizes: dict) -> list:
    """The outermost blocks of `content` after its top card whose text is mostly links around the site; [] when
    together they would take more than MAX_LINK_DENSE_SHARE of its text (when unsure, the text stays). `sizes`:
    _text_sizes of the page."""
    top_card, prose = _top_card(content, title)
    # Never dropped, but the furniture beside the title or the prose may be inside them.
    holding = {inner for inner in (title, prose) if inner is not None}
    holding.update(ancestor for inner in list(holding) for ancestor in inner.iterancestors())
    found, stack = [], [content]
    while stack:
        for child in stack.pop().iterchildren(tag=etree.Element):
            if child in holding:
                stack.append(child)
                continue
            if child in top_card:
                continue
            text, links = sizes[child]
            if child.tag in _BLOCK_TAGS and text and links >= LINK_DENSITY * text:
                found.append(child)
            else:
                stack.append(child)
    if sum(sizes[block][0] for block in found) > MAX_LINK_DENSE_SHARE * sizes[content][0]:
        return []
    return found


def _top_card(content, title) -> tuple[set, object]:
    """The elements of `content` before its first block of prose after the title, and that block (None when it has
    none: then all of it is kept)."""
    before, after_title = set(), title is None
    for element in content.iter(tag=etree.Element):
        if element is title:
            after_title = True
        elif after_title and element.tag not in _HEADINGS | _UNREAD_TAGS and _own_text(element) >= PROSE_CHARS:
            return before, element
        before.add(element)
    return before, None


def _own_text(element) -> int:
    """Characters of text directly in `element`: not in its children (links, inline tags), but between them."""
    return len((element.text or "").strip()) + sum(len((child.tail or "").strip()) for child in element)


def _holds(element, title) -> bool:
    return element is title or any(ancestor is element for ancestor in title.iterancestors())


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:  # "http://[oops": no host to compare
        return ""


def _site_link(href: str, host: str) -> bool:
    """Whether a link leads elsewhere on the page's own site: relative, or to its host. A mailto:, a map or the
    employer's own site is the posting's, not the site's way around."""
    href = href.strip()
    if not href.startswith("//") and not _SCHEME_RE.match(href):
        return True
    return bool(host) and href.lower().startswith(("http:", "https:", "//")) and _host(href) == host


def _text_sizes(root, *, host: str) -> dict:
    """(characters of text, characters of text in links around the site) of `root` and of every element in it, in
    one pass from the leaves up: measured element by element, a deep page would take its size times its depth."""
    sizes = {}
    for _event, element in etree.iterwalk(root, events=("end",)):
        if element.tag in _UNREAD_TAGS:
            sizes[element] = (0, 0)
            continue
        text, links = len((element.text or "").strip()), 0
        for child in element:
            child_text, child_links = sizes.get(child, (0, 0))  # comments are not walked: nothing of theirs is read
            text += child_text + len((child.tail or "").strip())
            links += child_links
        if element.tag == "a" and element.get("href") is not None and _site_link(element.get("href"), host):
            links = text
        sizes[element] = (text, links)
    return sizes
