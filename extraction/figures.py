"""The figures and currency signs a posting writes, read to check an engine's salary against the text: each of its
figures must be written there as pay, and its currency be one written by a figure (pure)."""
import re

from .money import (
    CURRENCY_RE, FIGURES_RE, GAP, LONGEST_TOKEN, NOT_PAY_AFTER_RE, NUMBER, SCALE_RE, ambiguous_currencies, iso,
    names_other_money, parse_number, scale,
)
from .readable import readable, without_urls

# What stands between a range's figures: "$100-160k", "€40k to €50k".
_RANGE_GAP_RE = re.compile(rf"\s*(?:-|–|—|to|~|～|до)\s*(?:{CURRENCY_RE})?\s?", re.I)
_CURRENCY_BY_FIGURE_RE = re.compile(
    rf"(?<![A-Za-z])({CURRENCY_RE}){GAP}?\d|\d(?:[kK])?{GAP}?({CURRENCY_RE})(?![A-Za-z])", re.IGNORECASE
)


def currencies_written(text: str) -> set[str]:
    """Every currency a sign or code next to a figure may stand for ("$" for any dollar); for grounding checks."""
    found = set()
    for match in _figure_currencies(without_urls(text)):
        token = match.group(1) or match.group(2)
        found.update(ambiguous_currencies(token) or {iso(token)})
    return found


def _figure_currencies(text: str):
    """`_CURRENCY_BY_FIGURE_RE.finditer(text)`, tried only where a match can start: a token just before a figure's
    first digit (cut after that digit, the match is whole), or its last digit with a token after it."""
    end = 0  # where the last match ended
    for figures in FIGURES_RE.finditer(text):
        first, last = figures.start(), figures.end() - 1
        before = max(end, first - LONGEST_TOKEN - 1)
        if first >= end and (match := _CURRENCY_BY_FIGURE_RE.search(text, before, first + 1)):
            yield match
            end = match.end()
        if last >= end and (match := _CURRENCY_BY_FIGURE_RE.match(text, last)):
            yield match
            end = match.end()


_NUMBER_RE = re.compile(rf"({NUMBER})\s?({SCALE_RE})?", re.IGNORECASE)  # "2-6 Lacs", as parse_salary reads it
_DIGIT_RE = re.compile(r"\d")


def _number_matches(text: str):
    """`_NUMBER_RE.finditer(text)`, found faster: a match starts at a digit, and at every digit one does."""
    end = 0
    while digit := _DIGIT_RE.search(text, end):
        match = _NUMBER_RE.match(text, digit.start())
        yield match
        end = match.end()


def _numbers_at(text: str):
    """(start, end, value) of every number written in the text, 'k' suffixes expanded; links left out."""
    text = without_urls(text)
    previous = None
    for match in _number_matches(text):
        try:
            value = parse_number(match.group(1))
        except ValueError:
            continue
        if match.group(2):
            value *= scale(match.group(2))
            # "$100-160k": the range's "k" applies to its first figure too, as parse_salary reads it.
            if previous is not None and _RANGE_GAP_RE.fullmatch(text, previous.end(), match.start()):
                first = parse_number(previous.group(1))
                if not previous.group(2) and first < 1000:
                    yield previous.start(), previous.end(), first * scale(match.group(2))
        yield match.start(), match.end(), value
        previous = match


def pay_numbers_in(text: str, wanted=lambda number: True) -> list[float]:
    """The numbers that may be pay (for grounding checks): not funding, equity, bonuses, vouchers, commission,
    counts of time or percentages, which parse_salary never takes either. Only those `wanted` are checked, what is
    written around a number being the costly part."""
    clean = readable(text)
    return [
        value
        for start, end, value in _numbers_at(clean)
        if wanted(value)
        and not names_other_money(clean[max(0, start - 60) : start])
        and not NOT_PAY_AFTER_RE.match(clean[end : end + 40])
    ]
