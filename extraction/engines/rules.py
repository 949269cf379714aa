"""The no-LLM engine: plain rules over the posting text, so the pipeline completes anywhere. Each field is read only
where the posting states it (a labelled line, the top card, a phrase of its terms); what it does not state stays
empty."""
import re
import time

from extraction.dates import date_in_phrase, is_date_phrase, labelled_posting_date
from extraction.figures import currencies_written
from extraction.labels import PAY, labelled_re, labels_joined
from extraction.locations import locations_named
from extraction.pay import parse_salary
from extraction.pay_vocabulary import CURRENCY_TOKENS
from extraction.places import country_of, currency_of, places_in
from extraction.readable import without_markup
from extraction.schema import JobFields, Location, Salary
from extraction.terms import stated_terms
from jobscraper.text import clean_text
from extraction.top_card import TopCard, company_named, read_top_card

from .base import Engine, ExtractionRequest, ExtractionResult, elapsed_ms

TAIL_LINES = 3  # a date standing alone on one of the last lines is the posting's (as datasets and feeds end)


class RulesEngine(Engine):
    name = "rules"
    label = "rules"

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        return [self._one(request) for request in requests]

    def _one(self, request: ExtractionRequest) -> ExtractionResult:
        started = time.perf_counter()
        text = labels_joined(without_markup(clean_text(request.text)))
        card = read_top_card(text)
        places = locations_named(text, card)
        remote, employment = stated_terms(text, top_card=card.lines, title=card.title or "")
        salary = None
        labelled = [match.group("value") for match in _PAY_LINE_RE.finditer(text)]  # one scan of the text for both
        if not _pay_withheld(labelled):
            currencies = {c for place in places if (c := currency_of(place))} or None
            salary = parse_salary(text, currencies=currencies, stated=_pay_stated(labelled, card))
        fields = JobFields(
            title=card.title,
            company=(company_named(text, card) or "")[:200] or None,
            locations=[_location(place) for place in places[:10]],
            remote=remote,
            employment_type=employment,
            salary=Salary(min=salary.min, max=salary.max, currency=salary.currency, period=salary.period)
            if salary
            else None,
            date_posted=(posted := _posted(text, card.dates, request, _day_first(places, text))) and posted.isoformat(),
        )
        return ExtractionResult(key=request.key, fields=fields, latency_ms=elapsed_ms(started))


_PAY_LINE_RE = labelled_re(PAY)
# Figures that can be pay on a line of their own: a range or a "k", or thousands beside a currency's sign or code; a
# lone number beside a word or two is a count ("Volná místa 37": 37 open positions; "3708 · peržiūrėjo": views).
_PAY_RANGE_RE = re.compile(r"\d\s*[kK]?\s*[-–—~]\s*\d|\d\s*[kKкК]\b")
_THOUSANDS_RE = re.compile(r"\d[\d.,\s]*\d{3}")
# A line naming an identifier: "JOB ID：405496", "Ref. 2024-113", "Req #R0249565", "求人番号 12345".
_IDENTIFIER_RE = re.compile(r"\b(?:ID|No|Nr|Ref|Req|Reference|Code)\b|#|番号|编号|번호", re.IGNORECASE)
_LABELLED_LINE_RE = re.compile(r"[^\d:：\n]{1,30}[:：]")
MAX_WORDS_BESIDE_PAY = 2  # a top card's pay line: figures and a word or two ("10000 - 50000 от опыта", "4K-6K")


MAX_WITHHELD_WORDS = 6  # "Salary: Competitive, depending on experience"; a longer value is a paragraph on pay


def _pay_withheld(labelled: list[str]) -> bool:
    """The posting labels its pay (`labelled`: the values of its "Salary:" lines) and gives no figure there ("Salary:
    Competitive", "給与: 規定により決定"): it states none, and figures elsewhere are other money or other jobs' pay (a
    page's "similar jobs")."""
    value = labelled[0].strip() if labelled else ""  # "Salary:" with its value on the lines below states nothing here
    return bool(value) and not re.search(r"\d", value) and len(value.split()) <= MAX_WITHHELD_WORDS


def _pay_stated(labelled: list[str], card: TopCard) -> list[str]:
    """What states the pay: "Salary:" lines' values (`labelled`), and the top card's short lines of figures that name
    no place, date, identifier or other label ("10000 - 50000", "4K-6K", a record's "12000" / "18000" / "GBP")."""
    stated = list(labelled)
    for line in _figure_columns_joined(card.lines):
        words = re.sub(r"[\d.,\s–—~+-]+|[$€£¥₹₽₩₺]", " ", line).split()  # "600€ - 2.000€ Bruto/mes": one word
        figures = _PAY_RANGE_RE.search(line) or _THOUSANDS_RE.search(line) and currencies_written(line)
        figures = figures and len(words) <= MAX_WORDS_BESIDE_PAY
        # A line labelled as something else states no pay: "Tel: 02-502-6599", "โทรศัพท์ : 02-502-6599"
        other_label = _LABELLED_LINE_RE.match(line) and not _PAY_LINE_RE.match(line)
        if figures and not other_label and not _IDENTIFIER_RE.search(line) and not places_in(line):
            if not is_date_phrase(line) and not (card.company and card.company in line):
                stated.append(line)
    return stated


_BARE_FIGURE_RE = re.compile(r"\d[\d.,]*")


def _figure_columns_joined(lines: list[str]) -> list[str]:
    """`lines` with a record's pay columns on lines of their own, a minimum and a maximum and maybe its currency's
    code ("12000", "18000", "GBP"), read as one range ("12000 - 18000 GBP"); a bare figure alone on its line is no
    pay ("3708" views, "1744656722456" a timestamp) unless its currency follows."""
    joined, index = [], 0
    while index < len(lines):
        end = index
        while end < len(lines) and end - index < 2 and _BARE_FIGURE_RE.fullmatch(lines[end].strip()):
            end += 1
        if end == index:
            joined.append(lines[index])
            index += 1
            continue
        figures = [line.strip() for line in lines[index:end]]
        code = lines[end].strip() if end < len(lines) and lines[end].strip() in CURRENCY_TOKENS else ""
        if code or len(figures) == 2:
            joined.append(f"{' - '.join(figures)} {code}".strip())
        index = end + bool(code)
    return joined


def _location(place: str) -> Location:
    return Location(city=place[:100], country=country_of(place))


# Countries that write the month before the day ("03/04/2024" is March 4th); the rest of the world writes the day
# first. A posting whose places are in neither, or in both, leaves such a date unread.
MONTH_FIRST_COUNTRIES = {"US", "PH", "FM", "MH", "PW", "BZ"}


# Words that make up much of any English text and little of any other: a posting not in English is from a country
# that writes the day first, wherever it is.
_ENGLISH_WORDS = frozenset({"the", "and", "you", "with", "for", "our", "will", "are", "your", "this", "of", "to"})
ENGLISH_SHARE = 0.05  # of a text's first words
LANGUAGE_WORDS = 300  # words read to tell


def _day_first(places: list[str], text: str) -> bool | None:
    countries = {country_of(place) for place in places} - {None}
    if not countries:
        words = re.findall(r"[^\W\d_]+", text[: LANGUAGE_WORDS * 8].lower())[:LANGUAGE_WORDS]
        english = sum(word in _ENGLISH_WORDS for word in words)
        return None if not words or english >= ENGLISH_SHARE * len(words) else True
    if countries & MONTH_FIRST_COUNTRIES and countries - MONTH_FIRST_COUNTRIES:
        return None
    return not countries & MONTH_FIRST_COUNTRIES


def _posted(text: str, card_dates: tuple[str, ...], request: ExtractionRequest, day_first: bool | None):
    """A labelled posting date, else the top card's first date phrase that can be read (a relative "25d ago" cannot
    without the fetch time: the record's "2024-10-03T09:36:55.176Z" after it can), else a date standing alone on a
    last line."""
    fetched_at = request.fetched_at
    if found := labelled_posting_date(text, fetched_at=fetched_at, day_first=day_first):
        return found
    for phrase in card_dates:
        if found := date_in_phrase(phrase, fetched_at=fetched_at, day_first=day_first):
            return found
    # One date line alone, not an item of a list: a page's last lines may list its reviews' dates.
    tail = [line.strip() for line in text.splitlines() if line.strip()][-TAIL_LINES:]
    dated = [line for line in tail if is_date_phrase(line)]
    if len(dated) == 1 and not re.match(r"[*•-]\s", dated[0]):
        return date_in_phrase(dated[0], fetched_at=fetched_at, day_first=day_first)
    return None
