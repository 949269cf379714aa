"""A posting's head, read without a model: its title, and the short lines around it that job pages and datasets
give before the description starts ("Company · Place · 3 days ago", a logo, a company link, badges), and the
plainest statements of the employer in the description ("About Acme", "Acme is looking for", "Acme GmbH") (pure).
"""
import re
from dataclasses import dataclass, field

from scraping.boilerplate import SITE_HEADING_RE, without_site_suffix

from .dates import is_date_phrase
from .labels import COMPANY, TITLE, labelled_re
from .markdown import IMAGE_RE, LINK_RE, links_replaced, plain, unbalanced
from .patterns import LineStarts
from .places import is_place, places_in
from .terms import badge_kind

MAX_TITLE_LENGTH = 200  # characters, the schema's bound; a longer first line is prose, not a title
TOP_LINES = 25  # the head is never longer: what follows is the description
BODY_LINE_LENGTH = 160  # characters; a line this long is prose, which ends the head
MAX_NAME_LENGTH = 80  # characters of a company's name
MAX_PIECE_LENGTH = 50  # characters of one piece of a line listing short pieces apart ("City, State | City, State")
BODY_SEARCHED = 3000  # characters of the description searched for the employer's name

# Links to an employer's page on a job board: LinkedIn /company/, Indeed /cmp/, Glassdoor /Overview/Working-at-...
_COMPANY_URL_RE = re.compile(
    r"/(?:company|companies|cmp|employer|employers|organi[sz]ations?|firma|firmen|unternehmen|entreprises?|"
    r"empresas?|aziende|azienda|arbeitgeber|werkgever|pracodawcy|работодатель|employer-profile|"
    r"Overview/Working-at)[/-]",
    re.IGNORECASE,
)
_LOGO_ALT_RE = re.compile(
    r"^(?:company\s+logo\s+(?:for|of)[,:]?\s*|logo\s+(?:for|of|von|de|di)\s+|avatar\s+for\s+)(?P<name>.+?)\.?$"
    r"|^(?P<before>.+?)\s+(?:company\s+)?(?:logo|avatar)\.?$",
    re.IGNORECASE,
)
_RATING_RE = re.compile(r"\s+\d(?:[.,]\d)?\s*(?:★|stars?|/\s*5)?$")
# Lines and link texts that are a page's furniture, never a company or a place.
FURNITURE_RE = re.compile(
    r"^(?:apply|save|share|report|follow|sign\s+in|log\s*in|skip\s+to|back\s+to|view\s+(?:all|more)|see\s+(?:all|more)|"
    r"show\s+more|quick\s+apply|easy\s+apply|actively\s+(?:hiring|recruiting)|new|promoted|sponsored|featured|"
    r"urgently\s+hiring|hiring|jobs?\b|all\s+jobs|home|menu|search|close|print|email|"
    r"bewerben|jetzt\s+bewerben|postuler|candidatar|inscribirse|candidati|aplikuj|откликнуться|ansök|応募)",
    re.IGNORECASE,
)
_NAME_LINE_RE = labelled_re(COMPANY)
_TITLE_LINE_RE = labelled_re(TITLE)
_LIST_PIECES_RE = re.compile(r"\s+[|·•]\s+|\s*[·•]\s*")
# The employer named by the description: "About Acme", "Acme is looking for", "Acme is a leading ...".
# Every match of the sentence patterns below starts with a capital or a digit (a name, or a capitalised article, "At",
# "We"): behind this guard the other places fail at once, where trying the four ways a sentence starts cost twice as
# much. And each starts the text or follows a line break, white space after a full stop, or "**": the patterns are
# searched for from those characters only (LineStarts), not entered at each of the ~3000 characters searched.
_CAPITAL = "(?=[A-Z0-9])"
_SENTENCE_AFTER = r"\s*"  # the characters one of which comes just before a sentence pattern's match
_NAME = r"(?P<name>[A-Z0-9][\w&'’.+-]*(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&'’.+-]*){0,4})"
_ABOUT_RE = LineStarts(
    # the name capitalised, as names are: "Over de functie" is a heading on the job
    rf"^[#*\s]*(?i:about|über|à propos de|a propos de|acerca de|sobre|su|o firmie|о компании|om|over)\s+{_NAME}[*\s:]*$",
)
_SAYS_RE = LineStarts(
    rf"{_CAPITAL}(?:^|(?<=[.!]\s)|(?<=\n)|(?<=\*\*))(?:(?:A|O|La|El|Le|L'|Die|Der|Das|De|Het|Il|Lo)\s+)?{_NAME}\s+"
    r"(?:is\s+(?:looking|hiring|seeking|searching|recruiting)|está\s+(?:em\s+busca|buscando|à\s+procura|contratando)|"
    r"is\s+(?:a|an|the)\s+(?:leading|global|international|fast[- ]growing|growing|innovative|"
    r"world'?s|premier|well-known|award-winning)|sucht|recherche|busca|procura|cerca|szuka|ищет|söker|zoekt)\b",
    before=_SENTENCE_AFTER,
)
# "Dexter Construction Company is a large, diversified Construction Company", "Carloft.ca has quickly become the
# fastest growing used car brand": a sentence that opens with a name and says what kind of business it is.
_BUSINESS = (
    r"company|firm|business|organi[sz]ation|provider|manufacturer|agency|brand|leader|group|employer|contractor|"
    r"retailer|distributor|consultancy|start-?up|platform|supplier|producer|operator|chain|network|bank|insurer"
)
_IS_A_RE = LineStarts(
    rf"{_CAPITAL}(?:^|(?<=[.!]\s)|(?<=\n)){_NAME}\s+"
    r"(?:is|has\s+(?:quickly\s+|rapidly\s+)?become|has\s+been)\s+(?:a|an|the|one)\b"
    # the kind of business at the end of the noun phrase: "is a plus for a growing company" is no such sentence
    rf"\s+(?:(?!(?:for|at|in|of|to|with|on|by|from|plus|must)\b)[\w'’-]+,?\s+){{0,6}}?(?i:{_BUSINESS})\b",
    before=_SENTENCE_AFTER,
)
# "We are Cobalt Safety and are passionate about": the employer introducing itself by name.
_WE_ARE_RE = LineStarts(
    rf"{_CAPITAL}(?:^|(?<=[.!]\s)|(?<=\n))We(?:'re|\s+are)\s+{_NAME}(?=\s*(?:,|\.|\band\b|—|-\s))",
    before=_SENTENCE_AFTER,
)
_NOT_NAMES = re.compile(
    r"^(?:the|this|that|our|we|you|your|us|it|they|he|she|role|job|position|team|company|opportunity|client|"
    r"customer|candidate|ideal|successful|applicant|der|die|das|wir|sie|le|la|les|nous|el|los|nosotros|"
    r"il|noi|my|мы|vi|wij|we're|who|what|why|how|working|life|diversity|benefits?|equal|job\s+details?|hiring|looking|"
    r"seeking|growing|recruiting|excited|proud|committed|here)\b",
    re.IGNORECASE,
)
# The employer speaking of itself: "At Netflix, we", "Wir bei PENNY", "Chez Doctolib,", "We at Acme".
_AT_RE = LineStarts(
    rf"{_CAPITAL}(?:^|(?<=[.!]\s)|(?<=\n))(?:At|Chez|Bei|En|Na|Presso|Bij|Hos|W)\s+{_NAME}[,\s]+"
    r"(?:we|nous|wir|nosotros|nós|noi|wij|vi|my)\b",
    before=_SENTENCE_AFTER,
)
# Behind a guard on its first letters, as the sentence patterns are.
_WE_AT_RE = re.compile(rf"(?=[WwNnVv])\b(?:[Ww]e at|[Ww]ir bei|[Nn]ous chez|[Nn]oi di|[Ww]ij bij|[Vv]i på)\s+{_NAME}\b")
# A company name as registered: "Activate Interactive Pte Ltd", "Acme GmbH", "Viva Bemanning AB".
_LEGAL_SUFFIX = (
    r"Pte\.?\s+Ltd\.?|Pvt\.?\s+Ltd\.?|Ltd\.?|Limited|GmbH(?:\s+&\s+Co\.\s+KG)?|AG|SE|"
    r"Inc\.?|Incorporated|LLC|L\.L\.C\.|LLP|Corp\.?|Corporation|PLC|plc|S\.A\.S\.?|SAS|SARL|S\.A\.|S\.L\.U?\.?|"
    r"S\.p\.A\.|S\.r\.l\.|B\.V\.|N\.V\.|AB|A/S|ASA|Oyj?|K\.K\.|Sp\.\s+z\s+o\.o\.|s\.r\.o\.|a\.s\.|Pty\.?\s+Ltd\.?"
)
_LEGAL_RE = LineStarts(
    rf"{_CAPITAL}(?:^|(?<=[.!]\s)|(?<=\n)|(?<=\*\*)){_NAME[:-1]}),?\s+(?P<suffix>{_LEGAL_SUFFIX})(?![\w])",
    before=_SENTENCE_AFTER,
)
# A line opening with a legal form or a business's kind is a company's name, in the languages that write them first and
# in many short words: "Công ty Cổ phần Thanh toán số MobiFone", "Ngân hàng TMCP ...", "PT Bank ...", "株式会社ツクイ".
_LEGAL_PREFIX_RE = re.compile(
    r"(?:Công ty|Ngân hàng|Tập đoàn|PT|CV|株式会社|有限会社|주식회사|\(주\)|㈜|UAB|SIA|OÜ|ООО|OOO|АО|ТОВ|ПрАТ|АТ|"
    r"Акціонерне [Тт]овариство|Товариство з обмеженою відповідальністю|บริษัท)(?![^\W\d_])"
)
MAX_PREFIXED_NAME_WORDS = 12
CARD_NAME_LINES = 4  # lines under the title where a registered name is the employer
# A line ending in a legal form is a company's name, whatever the case of its words: "3IT úspěšný eshop s.r.o.".
_LEGAL_NAME_RE = re.compile(rf"\S.*\s(?:{_LEGAL_SUFFIX})$")


@dataclass(frozen=True)
class TopCard:
    title: str | None = None
    company: str | None = None
    locations: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the head's short lines, plain, the title's left out
    # the pieces of the head that say when it was posted, in order ("25d ago", then "2024-10-03T09:36:55.176Z")
    dates: tuple[str, ...] = ()


def _head(text: str) -> list[str]:
    return [line for line in (text or "").splitlines()[: TOP_LINES * 4] if line.strip()][:TOP_LINES]


def _title_text(line: str) -> str | None:
    title = without_site_suffix(plain(line))
    return title if title and len(title) <= MAX_TITLE_LENGTH else None


def _title_at(lines: list[str]) -> tuple[int | None, bool]:
    """(index of the title line, whether it is a heading): a page's first `#` heading, else its first line of text;
    neither a site's heading over all its postings."""
    for index, line in enumerate(lines):
        if re.match(r"#\s", line.lstrip()) and re.search(r"\w", plain(line)) and not SITE_HEADING_RE.fullmatch(plain(line)):
            return index, True
    for index, line in enumerate(lines):
        text = plain(_without_links(line))
        # A line of links only is a logo, a breadcrumb, a button; a date line ("Data: 4 giugno 2014") is no title.
        if re.search(r"\w", text) and not is_date_phrase(text.strip("!")) and not SITE_HEADING_RE.fullmatch(text):
            if _HANDLE_RE.fullmatch(text) and index + 1 < len(lines) and is_date_phrase(plain(lines[index + 1])):
                continue  # a forum post's author over its date ("markwaldron", "on Mar 7, 2019"): Hacker News
            return index, False
    return None, False


_HANDLE_RE = re.compile(r"[a-z0-9_.-]{2,30}")
_PIPE = " | "


def _pipe_card(title: str) -> tuple[str, list[str]]:
    """A title line that is a card of pieces between "|" ("DigiFi | Sales Development Representative | New York City |
    $50k-$100k | Full-Time, Onsite", as Hacker News posts open): its title, and its other pieces as the card's lines,
    the employer first. The two pieces that are no place, pay or badge are the employer then the role; any other line
    is its own title ("Senior Platform Engineer | Remote | Australia" is read as before)."""
    pieces = [piece.strip() for piece in title.split(_PIPE)]
    named = [piece for piece in pieces if not (places_in(piece) or re.search(r"\d", piece) or _is_badges(piece))]
    if len(named) != 2 or pieces[:2] != named:
        return title, []
    role = named[-1]
    return role, [piece for piece in pieces if piece != role]


def _is_badges(piece: str) -> bool:
    return all(badge_kind(part.strip()) for part in piece.split(",") if part.strip())


def _without_links(line: str) -> str:
    return links_replaced(line, "")


def read_top_card(text: str) -> TopCard:
    lines = _head(text)
    index, heading = _title_at(lines)
    if index is None:
        return TopCard()
    title = _title_text(lines[index] if heading else _without_links(lines[index]))
    # A title line that is labelled so: "Job Title: Full Stack Software Developer", front matter's "title: Vacature".
    if title and (labelled := _TITLE_LINE_RE.match(title)):
        title = _title_text(labelled.group("value")) or title
    title, pieces = _pipe_card(title) if title and title.count(_PIPE) >= 2 else (title, [])
    end = index + 1 + _meta_headings(lines[index + 1 :])
    while end < len(lines) and not _is_prose(plain(lines[end])) and not lines[end].lstrip().startswith("#"):
        end += 1
    before = [line for line in lines[:index] if not _is_prose(plain(line))]
    after = pieces + lines[index + 1 : end]
    card = [plain(line) for line in after + before]
    return TopCard(
        title=title,
        company=_company_in_card(lines[:end], after, before if heading else [], title),
        locations=_place_run(card),
        # Emphasis parts badges a page set side by side: "**On-site** Co-Development".
        lines=[
            line for line in (_PICTOGRAPH_RE.sub("", plain(re.sub(r"\*\*|__", " · ", line))) for line in after + before)
            if line
        ],
        dates=tuple(piece for line in card for piece in _pieces(line) if is_date_phrase(piece)),
    )


def _is_prose(line: str) -> bool:
    """A line too long for a card's, unless it lists short pieces apart: USAJOBS sets eight "City, State" on one line
    between "|"."""
    if len(line) <= BODY_LINE_LENGTH:
        return False
    pieces = _LIST_PIECES_RE.split(line) if any(mark in line for mark in "|·•") else [line]  # none: one piece
    return len(pieces) < 2 or any(len(piece) > MAX_PIECE_LENGTH for piece in pieces)


def _meta_headings(lines: list[str]) -> int:
    """How many of the headings right under the title are its card, not a section: a run of short headings one of
    which names a place or a date ("### HORNBACH" over "#### 🌎 Germany"), unlike "## Description"."""
    run = 0
    while run < len(lines) and lines[run].lstrip().startswith("#") and not _is_prose(plain(lines[run])):
        run += 1
    headings = [plain(line) for line in lines[:run]]
    return run if any(_places(line) or is_date_phrase(line) for line in headings) else 0


def _place_run(card: list[str]) -> list[str]:
    """The places of the card's first line that names some, and of the lines right after it that name places too:
    a job offered at several offices lists one address a line."""
    places = []
    for line in card:
        found = _places(line)
        if not found and places:
            break
        places += found
    return places


def _pieces(line: str) -> list[str]:
    return [piece.strip() for piece in _LIST_PIECES_RE.split(line) if piece.strip()]


# Pictographs pages set before a place or a date: "🌎 Germany", "📍 Berlin".
_PICTOGRAPH_RE = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]\s*")


def _places(line: str) -> list[str]:
    line = _PICTOGRAPH_RE.sub("", line)
    mode, _, rest = line.partition(",")
    if rest.strip() and badge_kind(mode.strip()):  # "Remote,Columbia, MD": the arrangement, then the place
        line = rest
    if _is_prose(line) or is_date_phrase(line):
        return []
    # A badge alone ("Remote", "Remote (Work From Home)") is no place; "Remote (US)" and "Remote, United States" are.
    return [place for place in places_in(line) if not badge_kind(place) or _place_beside(place)]


def _place_beside(badge: str) -> bool:
    return "," in badge or any(is_place(inside) for inside in re.findall(r"[(（]([^)）]*)[)）]", badge))


# What a board writes where the employer is not named: no name.
_UNNAMED_RE = re.compile(
    r"not\s+specified|unspecified|undisclosed|confidential(?:\s+company)?|company\s+confidential|anonymous|n/?a|"
    r"ไม่ระบุ\S*|no\s+especificad[oa]|(?:empresa\s+)?confidencial|não\s+informad[oa]|nicht\s+angegeben|vertraulich|"
    r"non\s+précisé|confidentiel(?:le)?|anonym|riservat[oa]|не\s+указан[аоы]?|nie\s+podano",
    re.IGNORECASE,
)


def _clean_name(name: str) -> str | None:
    name = _RATING_RE.sub("", re.sub(r"\s+", " ", name)).strip(" ,;:|-–—*")
    # A sentence's full stop goes ("ANdAZ."); an abbreviation's stays ("Inc.", "s.r.o.").
    if re.search(r"(?<![.\s])\b[^\W\d_]{5,}\.$", name):
        name = name[:-1]
    if not name or len(name) > MAX_NAME_LENGTH or not re.search(r"[^\W\d_]", name):
        return None
    if unbalanced(name):  # a piece cut from a line or a button: "無料)求人状況を問い合わせる"
        return None
    return None if _UNNAMED_RE.fullmatch(name) else name


def _is_name(line: str, title: str | None = None) -> bool:
    """A short line that can be only an employer's name: not a place, date, badge, figure, sentence, slogan or
    furniture, nor the title again. A name of several words has capitals: "Bij welk bedrijf je gaat werken" is a
    heading, "Gregory Martin International" a name."""
    text = plain(line)
    words = text.split()
    return bool(
        text
        and text != title
        and len(text) <= MAX_NAME_LENGTH
        and (len(words) <= 7 or _LEGAL_PREFIX_RE.match(text) and len(words) <= MAX_PREFIXED_NAME_WORDS)
        and (
            len(words) == 1
            or 2 * sum(not word[:1].islower() for word in words) >= len(words)
            or _LEGAL_NAME_RE.fullmatch(text)
            or _LEGAL_PREFIX_RE.match(text)
        )
        and 3 * len(re.findall(r"\d", text)) < len(text.replace(" ", ""))
        # Nor a button: "Apply now »", "즉시 지원 ›", "Bewerben →".
        and not re.search(r"[$€£¥₹₱#]|[!?:»›→]$|:\s|https?://|\.\s+\w", text)
        and not _PICTOGRAPH_RE.search(text)
        and not FURNITURE_RE.match(text)
        and not places_in(text)  # a place, or a line of places
        and not is_date_phrase(text)
        and not any(badge_kind(piece) for piece in re.split(r"\s*[·•|,/]\s*|(?<=[a-z])(?=[A-Z])", text) if piece)
        and re.match(r"[^\W_]", text)
    )


def _company_in_card(head: list[str], after: list[str], before: list[str], title: str | None) -> str | None:
    """An employer named in the head: by a link to its page on the board, its logo, a labelled line, or the short
    line next to the title."""
    for line in head:
        for link in LINK_RE.finditer(IMAGE_RE.sub("", line)):
            if _COMPANY_URL_RE.search(link.group("url")) and not FURNITURE_RE.match(link.group("text").strip()):
                if (name := _clean_name(plain(link.group("text")))) and not re.search(r"\d\s+\w+$", name):
                    return name
        for image in IMAGE_RE.finditer(line):
            alt = image.group("alt").strip()
            if match := _LOGO_ALT_RE.match(alt):
                if name := _clean_name(match.group("name") or match.group("before")):
                    return name
            elif _LEGAL_PREFIX_RE.match(alt) or _LEGAL_NAME_RE.fullmatch(alt):  # a logo named by the registered name
                if name := _clean_name(alt):
                    return name
    # The line before the title ends a bar of links ("Share", "Link") when the one before it is links only too.
    menu = len(before) > 1 and all(_is_links_only(line) for line in before[-2:])
    for neighbour in after[:1] + before[-1:] * (not menu):
        if _is_name(neighbour, title):
            return _clean_name(plain(neighbour))
    # Further down the card, a name in its registered form: "PT AAF International Indonesia" under a category line
    for line in after[1:CARD_NAME_LINES]:
        if (_LEGAL_PREFIX_RE.match(plain(line)) or _LEGAL_NAME_RE.fullmatch(plain(line))) and _is_name(line, title):
            return _clean_name(plain(line))
    return None


def _is_links_only(line: str) -> bool:
    return bool(LINK_RE.search(line)) and not re.search(r"\w", links_replaced(line, ""))


def company_named(text: str, card: TopCard) -> str | None:
    """The employer: a labelled line ("Company: Acme"), the top card, else the description's plainest statement
    of it ("About Acme", "Acme is looking for", a registered name such as "Acme GmbH")."""
    if (match := _NAME_LINE_RE.search(text or "")) and (name := _clean_name(plain(match.group("value")))):
        return name
    if card.company:
        return card.company
    body = (text or "")[:BODY_SEARCHED]
    for pattern in (_ABOUT_RE, _SAYS_RE, _AT_RE, _WE_AT_RE, _WE_ARE_RE, _IS_A_RE, _LEGAL_RE):
        for match in pattern.finditer(body):
            name = match.group("name")
            if pattern is _LEGAL_RE:
                if is_place(match.group(0)):  # "Nisku, AB": a town and its province, not a Swedish company
                    continue
                name = f"{name} {match.group('suffix')}"
            if not _NOT_NAMES.match(match.group("name")) and (name := _clean_name(name)):
                return name
    return None
