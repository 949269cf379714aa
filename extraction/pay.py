"""Plain parsers for the pay a posting states: figures, ranges, bounds, currency and period (pure, no LLM)."""
import re
from dataclasses import dataclass

from .labels import PAY
from .money import (
    CURRENCY_RE, FIGURES_RE, GAP, LONGEST_TOKEN, NOT_PAY_AFTER_RE, NUMBER, SCALE_RE, ambiguous_currencies, iso,
    names_other_money, parse_number, scale,
)
from .patterns import alternatives, by_first_character
from .pay_vocabulary import COUNTRY_CURRENCIES, DOLLAR_SIGN_CURRENCIES, FROM_WORDS, PERIOD_PATTERNS, UP_TO_WORDS
from .readable import readable

# Every name of COUNTRY_CURRENCIES starts with a capital or a letter of a script without case: the guard skips other
# positions at once, where trying the ~25 groups cost ~0.35 µs a character.
_COUNTRY_RE = re.compile(
    r"(?=[^\W\d_])(?![a-z])(?:"
    + "|".join(f"(?P<c{index}>{pattern})" for index, (pattern, _) in enumerate(COUNTRY_CURRENCIES))
    + ")"
)
def _amount(n: int) -> str:
    # Not inside a word or a longer figure, nor a setting's value: "afb2f865" in a URL, "v1.2", "PT=4832100". A sign may follow each
    # figure of a range: "39.000€ - 54.000€".
    return (
        rf"(?<![A-Za-z0-9.,:=])(?<!=-)(?P<cur{n}>{CURRENCY_RE})?{GAP}?(?P<num{n}>{NUMBER})(?:[.,]-)?{GAP}?(?P<k{n}>{SCALE_RE})?"
        rf"(?:{GAP}?(?P<post{n}>{CURRENCY_RE})(?![a-zA-Z]))?"
    )


_SALARY_RE = re.compile(
    rf"(?:(?:(?P<upto>{by_first_character('|'.join(UP_TO_WORDS))})"  # grouped, as the currency tokens are
    rf"|(?P<from>{by_first_character('|'.join(FROM_WORDS))}))\s+)?"
    + _amount(1)
    + rf"(?:{GAP}*(?:-|–|—|to|~|～|до|à|a|bis|até|tot|do|až|a\s+partir\s+de|iki|până\s+la|έως|ως|ถึง){GAP}*"
    + _amount(2)
    + r")?",
    re.IGNORECASE,
)
_LONGEST_BOUND = max(map(len, UP_TO_WORDS + FROM_WORDS))
# Whole words only: "operate", "corporate" and "payload" are not about pay. Grouped by first character, behind a guard
# on those characters: ~0.3 µs a character of a figure's context, where entering every alternative cost ~1.5 µs.
_CONTEXT_WORDS = rf"salary|salaries|pay|paid|compensation|wages?|rates?|remuneration|ctc|{PAY}"
_CONTEXT_PARTS = "зарплат|給|lön|薪|연봉"  # found inside words too
_SALARY_CONTEXT_RE = re.compile(
    f"(?=[{''.join(sorted({word[0] for word in alternatives(f'{_CONTEXT_WORDS}|{_CONTEXT_PARTS}')}))}])"
    rf"(?:\b(?:{by_first_character(_CONTEXT_WORDS)})\b|{_CONTEXT_PARTS})",
    re.I,
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
WIDEST_SPREAD = 3  # a later statement widens the first only within this factor of its figures
MAX_PAY_DIGITS = 10  # a figure of more digits, unseparated, is a timestamp or an identifier (a year's pay in dong has 9)
MIN_UNSIGNED_PAY = 1000  # currency units of a month's or year's pay named with no sign or code: less is a count
# A mark after a lone figure that leaves it open: "30万円～", "230,000円以上", "8000元起", "16,000 ขึ้นไป", "$120k+" from it
# on; "2100円まで" up to it. Not "～" or "+" before a figure or a word: "～35万円" closes a range, "£40k + bonus" adds to
# the pay.
_OPEN_ABOVE_RE = re.compile(r"[^\S\n]*(?:[～~〜](?![^\S\n]*\d)|以上|이상|起|ขึ้นไป|\+)")
_OPEN_BELOW_RE = re.compile(r"[^\S\n]*(?:以下|まで|이하|以内)")


def _opens_above(after: str) -> bool:
    mark = _OPEN_ABOVE_RE.match(after)
    if not mark:
        return False
    if mark.group().strip() != "+":
        return True
    rest = after[mark.end() :]  # "$120k+" alone or before its period; "$120k + bonus" names more pay
    return not rest.lstrip()[:1].isalnum() or bool(_period_follows(rest))


@dataclass(frozen=True)
class SalaryRange:
    min: float | None
    max: float | None
    currency: str | None
    period: str | None


# Grouped by first character behind a guard on those characters: other positions fail at once, and each tries one
# group of alternatives, where trying every alternative cost ~0.2 µs.
_PERIOD_RES = [(period, re.compile(by_first_character(pattern), re.IGNORECASE)) for period, pattern in PERIOD_PATTERNS]
# The first mention in one search, not five: its leftmost match starts where the earliest of the periods' does, and of
# those that match there, the names in min()'s order put first the one min((start, period)) picks.
_FIRST_PERIOD_RE = re.compile("|".join(f"(?P<{name}>{regex.pattern})" for name, regex in sorted(_PERIOD_RES)), re.I)


def _period_near(text: str, *, last: bool = False) -> str | None:
    """The period named nearest a figure: the first mention in the text after it, or (`last`) the final one before it."""
    if not last:
        return match.lastgroup if (match := _FIRST_PERIOD_RE.search(text)) else None
    found = [(match.start(), period) for period, regex in _PERIOD_RES for match in regex.finditer(text)]
    return max(found)[1] if found else None


@dataclass(frozen=True)
class _Pay:
    """One pay figure or range as written, before the statements of one salary are combined."""

    low: float | None
    high: float | None
    token: str | None
    period: str | None


def _period_follows(after: str) -> str | None:
    """The period named in the words just after a figure."""
    return _period_near(_words_from(after, 15))


def _words_from(text: str, length: int) -> str:
    """The first `length` characters of `text`, and the rest of the word they end in ("apa" of "apaixonadas" is no
    "p.a."), up to the next figure or line: a period after those is theirs."""
    return re.split(r"\d|\n", text[:length] + re.match(r"\w*", text[length:]).group(), maxsplit=1)[0]


def _words_to(text: str, length: int) -> str:
    """The last `length` characters of `text`, less the word they start inside."""
    return text[-length:] if len(text) <= length else re.sub(r"^\w+", "", text[-length:])


def _earliest_start(text: str, figure: int, floor: int) -> int:
    """The first position, not before `floor`, where a statement whose first figure starts at `figure` can start."""
    start = max(floor, figure - LONGEST_TOKEN - 1)
    while start > floor and text[start - 1].isspace():  # the white space after a bound word, however long
        start -= 1
    return max(floor, start - _LONGEST_BOUND)


def _salary_matches(text: str):
    """`_SALARY_RE.finditer(text)`, tried just before and on figures (everywhere, ~0.5 µs a character). A start is
    searched in the text cut after the figures, where the same starts match (all after a first digit is optional),
    then matched in the whole text."""
    end = 0  # where the last match ended, or the last stretch searched in vain
    for figures in FIGURES_RE.finditer(text):
        while end < figures.end():
            found = _SALARY_RE.search(text, _earliest_start(text, figures.start(), end), figures.end())
            if not found:
                end = figures.end()
                break
            match = _SALARY_RE.match(text, found.start())
            yield match
            end = match.end()


def _pay_statements(text: str, *, stated: bool = False):
    """Each salary-like amount or range in the text: one needs a currency, the word salary/pay, or a period nearby,
    unless the text is `stated` as pay (a "Salary:" line's value, a top card's line of figures)."""
    for match in _salary_matches(text):
        tokens = [match.group(group) for group in ("cur1", "post1", "cur2", "post2") if match.group(group)]
        start, end = match.span()
        before, after = text[max(0, start - 60) : start], text[end : end + 40]
        if NOT_PAY_AFTER_RE.match(after) or names_other_money(before):
            continue
        if not stated and not tokens and not _SALARY_CONTEXT_RE.search(before + after) and not _period_follows(after):
            continue
        if len(match.group("num1")) > MAX_PAY_DIGITS and match.group("num1").isdigit():
            continue  # "1744656722456": a timestamp or an identifier, no pay
        low = parse_number(match.group("num1")) * scale(match.group("k1"))
        high = None
        if match.group("num2"):
            high = parse_number(match.group("num2")) * scale(match.group("k2") or match.group("k1"))
        if match.group("k2") and not match.group("k1") and low < 1000:
            low *= scale(match.group("k2"))  # "$100-160k"
        if low < 1 or (high is not None and high < low):
            continue
        if max(low, high or 0) < 10 and not _period_follows(after):
            continue  # "PHP 5-7", "2 engineers": a figure this small is pay only as a rate ("€8 per day")
        if not tokens and not match.group("k1") and high is None and _YEAR_RE.fullmatch(match.group("num1")):
            if not _period_follows(after):
                continue  # "raised in 2023": a year, unless a period follows ("2000 per month")
        # The period on the figure's line first ("月給 : 30万円～" over the next line's "想定年収"), then beyond it, where
        # there is more than the line to read.
        line_after, line_before = after.partition("\n")[0], _words_to(before.rpartition("\n")[2], 60)
        period = (
            _period_near(line_after) or _period_near(line_before, last=True)
            or after != line_after and _period_near(after)
            or (words_before := _words_to(before, 30)) != line_before and _period_near(words_before, last=True)
            or None
        )
        if (match.group("k2") or match.group("k1") or "").lower() == "lpa":
            period = "year"  # lakhs per annum
        # "18+ company holidays per year": a count; no month's or year's pay is so small, unless stated as pay.
        if period in ("month", "year") and max(low, high or 0) < MIN_UNSIGNED_PAY and not (stated or tokens):
            continue
        # A code or specific sign says more than a bare "$": "$143,000 - $214,000 CAD" is in Canadian dollars.
        token = next((t for t in tokens if not ambiguous_currencies(t)), tokens[0] if tokens else None)
        if high is None and (match.group("upto") or _OPEN_BELOW_RE.match(after)):
            yield _Pay(low=None, high=low, token=token, period=period)
        elif high is None and (match.group("from") or _opens_above(after)):
            yield _Pay(low=low, high=None, token=token, period=period)
        else:
            yield _Pay(low=low, high=high if high is not None else low, token=token, period=period)


def _currency(token: str | None, text: str, countries: set[str] | None) -> str | None:
    """The ISO code a token stands for. "$", "kr" or no sign at all is read with the currency of the places the job
    is in (`countries`: their currencies), else of the countries the text names, when they all share one: "$"
    alone, or a posting naming places of several currencies, says no currency."""
    if token is not None and not ambiguous_currencies(token):
        return iso(token)  # whatever the places: the text is read for countries (~0.2 ms) only when they decide
    if not countries:
        countries = {COUNTRY_CURRENCIES[int(m.lastgroup[1:])][1] for m in _COUNTRY_RE.finditer(text or "")}
    country = next(iter(countries)) if len(countries) == 1 else None
    if token is None:
        return country
    choices = ambiguous_currencies(token)
    if country in choices:
        return country
    # "$1500" for a job in Vietnam or India, whose money no "$" writes, is in US dollars.
    return "USD" if country and token.lower() in ("$", "dollars") and country not in DOLLAR_SIGN_CURRENCIES else None


def parse_salary(text: str, *, currencies: set[str] | None = None, stated: list[str] = ()) -> SalaryRange | None:
    """The salary the text states: its first pay statement, widened by every later one that names the same period in
    the same currency sign (a header's "$13/hr" and the body's "$10 - $13 an hour"; "11.22 per hour (grade 1) 13.33
    per hour (grade 2)"). Without a period, later figures may be anything (a "$750" perk): the first one stands.
    `currencies` are those of the places the job is in, where known; `stated` are pieces of the posting that state
    its pay (a "Salary:" line's value, a top card's line of figures), read first and without further context."""
    text = readable(text)
    statements = [pay for piece in stated for pay in _pay_statements(readable(piece), stated=True)]
    statements += _pay_statements(text)
    if not statements:
        return None
    first = statements[0]
    if not first.period:  # "The minimum salary is $14.00", then "S$14.00 per hour": the same pay, its period said
        first = next((pay for pay in statements if pay.period and (pay.low, pay.high) == (first.low, first.high)), first)
    same = [first]
    # A first statement open at one end says what form the pay takes ("from 2,100 an hour"): later figures of the
    # period are other grades or examples, not its bounds.
    # Nor does a figure of the period far from the first's: a page's average pay or another job's ("時給191363円").
    if first.period and first.low is not None and first.high is not None:
        near = (first.low / WIDEST_SPREAD, first.high * WIDEST_SPREAD)
        same = [
            pay for pay in statements
            if pay.token == first.token and pay.period == first.period
            and all(near[0] <= bound <= near[1] for bound in (pay.low, pay.high) if bound is not None)
        ]
    lows = [pay.low for pay in same if pay.low is not None]
    highs = [pay.high for pay in same if pay.high is not None]
    return SalaryRange(
        min=min(lows) if lows else None,
        max=max(highs) if highs else None,
        currency=_currency(first.token, text, currencies),
        period=first.period,
    )
