"""Plain parsers for the pay a posting states: figures, ranges, bounds, currency and period (pure, no LLM)."""
import re
from dataclasses import dataclass

from .labels import PAY
from .patterns import alternatives, by_first_character, first_character_guard
from .pay_vocabulary import (
    AMBIGUOUS_TOKENS, COUNTRY_CURRENCIES, CURRENCY_TOKENS, DOLLAR_SIGN_CURRENCIES, FROM_WORDS, PERIOD_PATTERNS, SCALES,
    UP_TO_WORDS,
)
from .readable import readable

# Every name of COUNTRY_CURRENCIES starts with a capital or a letter of a script without case: the guard skips other
# positions at once, where trying the ~25 groups cost ~0.35 µs a character.
_COUNTRY_RE = re.compile(
    r"(?=[^\W\d_])(?![a-z])(?:"
    + "|".join(f"(?P<c{index}>{pattern})" for index, (pattern, _) in enumerate(COUNTRY_CURRENCIES))
    + ")"
)
_FOLDED_TOKENS = {token.casefold(): code for token, code in CURRENCY_TOKENS.items()}
# The longest token first, grouped by first character behind a guard on those: under IGNORECASE the regex engine
# enters each of ~80 alternatives at every place it tries; tokens starting with different letters never meet.
_BY_LENGTH = sorted(CURRENCY_TOKENS, key=lambda token: len(re.escape(token)), reverse=True)
_CURRENCY_RE = first_character_guard(token[0].lower() for token in _BY_LENGTH) + "(?:" + "|".join(
    re.escape(first) + f"(?:{'|'.join(re.escape(token[1:]) for token in _BY_LENGTH if token[0].lower() == first)})"
    for first in dict.fromkeys(token[0].lower() for token in _BY_LENGTH)
) + ")"
# Thousands grouped by a mark ("215.000", "90'000" in Switzerland) or, in India, lakhs by twos ("2,00,000").
_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[.,\u00a0\u202f\u2009 '’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
)


# Not the K of "Kč"; "tis." (Czech), "tys." (Polish), "тыс." (Russian), "Tsd." (German), "mil" (Spanish, Portuguese)
_SCALE_RE = r"[kK](?![^\W\d_])|万|(?:tis|tys|тыс|Tsd)\.?|mil\b|(?:lacs?|lakhs?|lpa|crores?)\b"
_GAP = r"[^\S\n]"  # a space within the line: a statement of pay never runs on into the next line


def _amount(n: int) -> str:
    # Not inside a word or a longer figure, nor a setting's value: "afb2f865" in a URL, "v1.2", "PT=4832100". A sign may follow each
    # figure of a range: "39.000€ - 54.000€".
    return (
        rf"(?<![A-Za-z0-9.,:=])(?<!=-)(?P<cur{n}>{_CURRENCY_RE})?{_GAP}?(?P<num{n}>{_NUMBER})(?:[.,]-)?{_GAP}?(?P<k{n}>{_SCALE_RE})?"
        rf"(?:{_GAP}?(?P<post{n}>{_CURRENCY_RE})(?![a-zA-Z]))?"
    )


_SALARY_RE = re.compile(
    rf"(?:(?:(?P<upto>{by_first_character('|'.join(UP_TO_WORDS))})"  # grouped, as the currency tokens are
    rf"|(?P<from>{by_first_character('|'.join(FROM_WORDS))}))\s+)?"
    + _amount(1)
    + rf"(?:{_GAP}*(?:-|–|—|to|~|～|до|à|a|bis|até|tot|do|až|a\s+partir\s+de|iki|până\s+la|έως|ως|ถึง){_GAP}*"
    + _amount(2)
    + r")?",
    re.IGNORECASE,
)
# Every match of these patterns has a figure, and only a few characters can come before its first digit: the
# patterns are tried only there (_salary_matches, _figure_currencies), not at each position of the text. Written
# "\d\d*", not "\d+", as the regex engine skips to a class a pattern starts with, but enters a repeat at every
# character (a scan of a posting ~40 % faster).
_FIGURES_RE = re.compile(r"\d\d*")
_LONGEST_BOUND = max(map(len, UP_TO_WORDS + FROM_WORDS))
_LONGEST_TOKEN = max(map(len, CURRENCY_TOKENS))
# Whole words only: "operate", "corporate" and "payload" are not about pay. Grouped by first character, behind a guard
# on those characters: ~0.3 µs a character of a figure's context, where entering every alternative cost ~1.5 µs.
_CONTEXT_WORDS = rf"salary|salaries|pay|paid|compensation|wages?|rates?|remuneration|ctc|{PAY}"
_CONTEXT_PARTS = "зарплат|給|lön|薪|연봉"  # found inside words too
_SALARY_CONTEXT_RE = re.compile(
    f"(?=[{''.join(sorted({word[0] for word in alternatives(f'{_CONTEXT_WORDS}|{_CONTEXT_PARTS}')}))}])"
    rf"(?:\b(?:{by_first_character(_CONTEXT_WORDS)})\b|{_CONTEXT_PARTS})",
    re.I,
)
_NOT_SALARY_RE = re.compile(
    r"^\s*(?:m\b|mn\b|bn\b|million|billion|raised|in funding|series|equity|shares|stock)"
    # A figure counting time or a share ("25 days of leave", "3 extra days off", "3-5 years", "5%", "401(k)"); not
    # a rate's period ("$12 hourly", "$3000 monthly").
    r"|^[\s+-]*(?:(?:extra|additional|paid|more|working|business|calendar)\s+)?(?:(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?|times)\b|x\b|stunden|std\b|tage?n?\b|wochen|monate?n?|jahren?|"
    r"mal\b|heures|jours|semaines|mois\b|ans\b|fois|horas|días|dias|semanas|meses|años|anos|vezes|veces|ore\b|giorni|"
    r"settimane|mesi|anni|volte|godzin|dni\b|tygodni|miesięcy|lat\b|razy|hodin|dnů|týdnů|měsíců|let\b|krát|uur\b|"
    r"dagen|weken|maanden|jaar|timmar|dagar|veckor|månader|år\b|timer|dage|uger|måneder|tuntia|päivää|часов|дней|"
    r"недел|месяц|лет\b|года?\b|раз)|^\s*(?:%|percent\b|\(k\))|^:\d"  # "9:45": a clock's time
    # "2pm to 11pm" a clock's time too, "13th-month salary" an ordinal, "17.05.2022" a date
    r"|^\s?[ap]\.?m\b\.?|^(?:st|nd|rd|th)\b|^\.\d{2,4}\b",
    re.I,
)
# Money that is not pay, named just before the figure: "a learning budget of €1,750", "bonus of $5k".
# Only whether it matches is asked (_names_other_money): the words grouped by first character, and the endings of
# words ("Essensbidrag", "Fahrtkostenzuschuss") looked for as such, not from each character of a word on.
_NOT_PAY_BEFORE_RE = re.compile(
    r"(?:\b(?:" + by_first_character(
        r"budget|allowance|stipend|vouchers?|bonus(?:es)?|credits?|commissions?|comms|ote|on[- ]target|equity|reimburse\w*|"
        r"relocation|referral|signing|sign-on|funding|raised|valuation|revenue|401\(?k\)?|meals?|food|lunch|"
        r"benef[ií]cios?|alimenta\w*|vales?|tickets?|allocation|prime|discount|desconto|"
        r"descuento|rabatt|remise|sconto|rent|fees?|costs?|deposit"
    ) + r")|bidrag|zuschuss)\b[^.\n]{0,25}$"
    # Allowances and what the employee pays (a flat's rent): "交通費 あり（～35,000円）", "費用：34,000円/月".
    r"|(?:交通費|通勤費|手当|費用|家賃|寮費|补贴|津贴|补助|费用|房租|수당|교통비|비용|월세|ค่ากะ|ค่ารถ|ค่าเดินทาง|เบี้ยเลี้ยง)"
    r"[^。\n]{0,25}$",
    re.I,
)


def _names_other_money(before: str) -> bool:
    """`_NOT_PAY_BEFORE_RE` finds its words in the text before a figure: searched from the last full stop or line
    break on (but for one that ends the text), as no match spans one."""
    end = len(before) - 1 if before.endswith("\n") else len(before)
    return bool(_NOT_PAY_BEFORE_RE.search(before, max(before.rfind(".", 0, end), before.rfind("\n", 0, end)) + 1))


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


def _scale(suffix: str | None) -> int:
    return SCALES[suffix.lower().rstrip(".")] if suffix else 1


_THIN_SPACES_RE = re.compile("[\u00a0\u202f\u2009]")
_GROUP_MARK_RE = re.compile(r"[., '’]")


def parse_number(raw: str) -> float:
    """'215.000' -> 215000, '11.22' -> 11.22, '100,000' -> 100000, '45 000' -> 45000, "90'000" -> 90000,
    '2,00,000' -> 200000."""
    if raw.isdigit():  # most figures ("2024", "5"): what the steps below come to, without them
        return float(raw)
    raw = _THIN_SPACES_RE.sub(" ", raw).strip()
    groups = _GROUP_MARK_RE.split(raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    if len(groups) > 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]):  # lakhs: "2,00,000"
        return float("".join(groups))
    if len(groups) > 2:  # thousands groups then a decimal part: 1,234.56 or 1.234,56
        return float("".join(groups[:-1]) + "." + groups[-1])
    return float(raw.replace(",", "."))


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


def country_currency(text: str) -> str | None:
    """The currency of the first country (or its capital or largest cities) the text names; None if it names none."""
    match = _COUNTRY_RE.search(text or "")
    return COUNTRY_CURRENCIES[int(match.lastgroup[1:])][1] if match else None


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
    start = max(floor, figure - _LONGEST_TOKEN - 1)
    while start > floor and text[start - 1].isspace():  # the white space after a bound word, however long
        start -= 1
    return max(floor, start - _LONGEST_BOUND)


def _salary_matches(text: str):
    """`_SALARY_RE.finditer(text)`, tried just before and on figures (everywhere, ~0.5 µs a character). A start is
    searched in the text cut after the figures, where the same starts match (all after a first digit is optional),
    then matched in the whole text."""
    end = 0  # where the last match ended, or the last stretch searched in vain
    for figures in _FIGURES_RE.finditer(text):
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
        if _NOT_SALARY_RE.match(after) or _names_other_money(before):
            continue
        if not stated and not tokens and not _SALARY_CONTEXT_RE.search(before + after) and not _period_follows(after):
            continue
        if len(match.group("num1")) > MAX_PAY_DIGITS and match.group("num1").isdigit():
            continue  # "1744656722456": a timestamp or an identifier, no pay
        low = parse_number(match.group("num1")) * _scale(match.group("k1"))
        high = None
        if match.group("num2"):
            high = parse_number(match.group("num2")) * _scale(match.group("k2") or match.group("k1"))
        if match.group("k2") and not match.group("k1") and low < 1000:
            low *= _scale(match.group("k2"))  # "$100-160k"
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


def ambiguous_currencies(token: str) -> tuple[str, ...]:
    """The currencies a sign or word stands for that names none alone ("$", "kr", "Rs"), in any case; () for one
    that names its currency."""
    return AMBIGUOUS_TOKENS.get(token.lower(), ())


def _currency(token: str | None, text: str, countries: set[str] | None) -> str | None:
    """The ISO code a token stands for. "$", "kr" or no sign at all is read with the currency of the places the job
    is in (`countries`: their currencies), else of the countries the text names, when they all share one: "$"
    alone, or a posting naming places of several currencies, says no currency."""
    if token is not None and not ambiguous_currencies(token):
        return _iso(token)  # whatever the places: the text is read for countries (~0.2 ms) only when they decide
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


def _iso(token: str) -> str:
    # The salary pattern matches its tokens in any case: "kč" as well as "Kč".
    return CURRENCY_TOKENS.get(token) or _FOLDED_TOKENS[token.casefold()]


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
