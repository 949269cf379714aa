"""The job's terms as a posting states them: where the work is done (remote, hybrid, on-site) and on what terms
(full-time, part-time, contract, temporary, internship), in the languages postings are written in (pure).

A bare word says little: "onsite" in "meals prepared onsite", "contract" in "contract management", "remote" in
"remote sensing". So a term counts in three places only: as a badge of its own (a top card's "Full-time", a
"Remote" tag), as the value of a labelled line ("Job type: Contract", "Vertragsart: befristet"), or in a phrase
that states the job's terms ("this is a remote role", "a 6-month contract", "Praktikum").
"""
import functools
import re
from typing import NamedTuple

from .labels import TERMS, labelled_re
from .patterns import (
    FOLDED_APART, MIN_LITERAL, Literals, alternatives, digits_first, first_characters, folded_apart, occurrences,
    requirements, starts,
)
from .terms_vocabulary import (
    EMPLOYMENT_BADGES, EMPLOYMENT_PHRASES, FULL_HOURS, PART_HOURS, REMOTE_BADGES, REMOTE_PHRASES,
)
from .markdown import without_markdown_escapes

# Lines whose value is the job's terms: "Job type: Contract", "Vertragsart: befristet", "雇用形態：正社員".
_TERMS_LINE_RE = labelled_re(TERMS)


# A title naming its holder as an intern or apprentice: "Systems Administrator Intern", "Pasante de RRHH", "Praktikant
# (m/w/d)", "Jovem Aprendiz".
_TITLE_INTERN_RE = re.compile(
    r"\b(?:interns?|trainee|praktikant\w*|stagiaire|pasante|becari[oa]|estagiári[oa]|tirocinante|stażyst\w*|"
    r"stážist\w*|стаж[её]р\w*|harjoittelija|aprendiz|gyakornok\w*|стажант\w*|стажист\w*)\b",
    re.IGNORECASE,
)


class _Phrases:
    """A kind's phrase pattern, split into its alternatives, each searched only in a text holding what every match of
    it holds, and where it can start: substring tests cost far less than a regex scan of the whole posting, and most
    postings state a term in few of the ways the pattern knows."""

    def __init__(self, pattern: str):
        self.alternatives = [_Alternative(alternative) for alternative in alternatives(pattern)]

    def search(self, text: str, lowered: str | None = None, exact: bool | None = None, held=None):
        """The earliest match of any alternative, as `pattern.search` finds it; `lowered`, `exact` (no letter
        folded apart) and `held` (the alternatives' runs it holds, _RUNS) may be given for a text searched often."""
        lowered = text.lower() if lowered is None else lowered
        exact = not folded_apart(text) if exact is None else exact
        held = lowered if held is None else held  # a run is held by the text, or in the set of those it holds
        matches = [
            found
            for alternative in self.alternatives  # most do not hold their longest run: told without a call
            if alternative.longest in held and (found := alternative.search(text, lowered, exact, held))
        ]
        return min(matches, key=lambda match: match.start()) if matches else None


class _Alternative:
    """One alternative of a phrase pattern, with the lower-cased runs of plain characters every match of it holds
    (its longest run, and choices of runs) and, where known, the strings every match starts with one of. A string
    holding "ı", which the regex matches to "i" as well, tells nothing of a text but as the longest run."""

    def __init__(self, source: str):
        self.pattern = re.compile(digits_first(source), re.IGNORECASE)
        required = requirements(source)
        self.longest = max((choice[0] for choice in required if len(choice) == 1), key=len, default="")
        self.required = [
            choice for choice in required if choice != (self.longest,) and not any("ı" in run for run in choice)
        ]
        found, _ = starts(source)
        self.starts = None if any(len(start) < MIN_LITERAL or "ı" in start for start in found) else found
        self.runs = {self.longest, *(run for choice in self.required for run in choice), *(self.starts or ())}

    def search(self, text: str, lowered: str, exact: bool, held):
        """`pattern.search(text)` in a text holding the longest run; `exact` where lower-casing `text` kept each
        letter's place and case folding; `held`: `lowered`, or a set of the runs it holds (and maybe others)."""
        if not exact:
            return self.pattern.search(text)
        if not all(any(run in held for run in choice) for choice in self.required):
            return None
        if self.starts is None:
            return self.pattern.search(text)
        places = sorted({index for start in self.starts if start in held for index in occurrences(lowered, start)})
        return next(filter(None, (self.pattern.match(text, place) for place in places)), None)


def _compiled(table):
    return [(kind, _Phrases(pattern)) for kind, pattern in table]


class _Badges:
    """A table's badge patterns, a piece matched only against the alternatives that can start with its first
    character: most pieces are no badge, and a failed fullmatch of a long alternation under IGNORECASE costs ~0.7 µs,
    as the regex engine enters each alternative. A piece starting with other than an ASCII character, which
    lower-casing and the regex's case folding may treat apart, is matched against the whole patterns; an alternative
    whose first characters cannot be told is tried on every piece."""

    def __init__(self, table):
        self.patterns = [(kind, re.compile(rf"(?:{pattern})", re.I)) for kind, pattern in table]
        split = [
            (kind, [(alternative, _firsts(alternative)) for alternative in alternatives(pattern)])
            for kind, pattern in table
        ]
        self._unknown = _alternations(split, None)
        self._by_first = {
            first: _alternations(split, first)
            for first in {first for _, found in split for _, firsts in found if firsts for first in firsts}
        }

    def kinds(self, piece: str) -> list[str]:
        """The kinds whose pattern `piece` fully matches, in the table's order."""
        first = piece[:1]
        tried = self._by_first.get(first.lower(), self._unknown) if first and first.isascii() else self.patterns
        return [kind for kind, pattern in tried if pattern.fullmatch(piece)]


def _firsts(alternative: str) -> set[str] | None:
    """The lower-cased characters a badge alternative's matches start with; None where not told or folded apart."""
    found = first_characters(alternative)
    return None if found is None or set(FOLDED_APART) & found else found


def _alternations(split, first: str | None) -> list[tuple[str, re.Pattern]]:
    """Each kind's alternatives that can start with `first` (those whose first characters are not told, if None)."""
    tried = [(kind, [source for source, firsts in found if firsts is None or first in firsts]) for kind, found in split]
    return [(kind, re.compile(f"(?:{'|'.join(sources)})", re.I)) for kind, sources in tried if sources]


_REMOTE_BADGE_RES = _Badges(REMOTE_BADGES)
_EMPLOYMENT_BADGE_RES = _Badges(EMPLOYMENT_BADGES)
_REMOTE_PHRASE_RES = _compiled(REMOTE_PHRASES)
_EMPLOYMENT_PHRASE_RES = _compiled(EMPLOYMENT_PHRASES)
_FULL_TIME_PHRASE = dict(_EMPLOYMENT_PHRASE_RES)["full_time"]
# Every phrase alternative's runs (its longest, those it requires, those its matches start with), looked for in a
# posting at once (~a fifth of the time of a substring test for each).
_RUNS = Literals(
    run for _, phrases in _REMOTE_PHRASE_RES + _EMPLOYMENT_PHRASE_RES for alternative in phrases.alternatives
    for run in alternative.runs
)
# The hours a job is worked, and a statement without them: what else it says of the job's terms ("Permanent").
_HOURS_RE = re.compile(rf"{FULL_HOURS}|{PART_HOURS}", re.IGNORECASE)
_FULL_HOURS_RE = re.compile(FULL_HOURS, re.IGNORECASE)
# A badge's text parted where a page's markup glued words together ("On-siteFull-time", "HybridInternship").
_GLUED_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_BADGE_SPLIT_RE = re.compile(r"\s*(?:[,/|·•;:()]|\s-\s|\band\b|\bor\b|\n)\s*")


@functools.lru_cache(maxsize=32)  # a top card's lines, each read for both kinds of badge
def _badge_pieces(text: str) -> tuple[str, ...]:
    pieces = _BADGE_SPLIT_RE.split(_GLUED_RE.sub(" / ", text))
    return tuple(piece.strip(" *_-.!\"“”„«»") for piece in pieces if piece.strip())


def _badge_kinds(text: str, table) -> list[str]:
    """The kinds of every piece of `text` that is a badge and nothing else ("Full-time", "100% remote")."""
    return [kind for piece in _badge_pieces(text) for kind in table.kinds(piece)]


def _first_by_precedence(kinds: list[str], table) -> str | None:
    order = [kind for kind, _ in table]
    return min(kinds, key=order.index) if kinds else None


def badge_kind(piece: str) -> str | None:
    """What a short piece of a top card is, when it is only a badge: a remote mode or an employment type."""
    return _first_by_precedence(_badge_kinds(piece, _REMOTE_BADGE_RES), REMOTE_BADGES) or _first_by_precedence(
        _badge_kinds(piece, _EMPLOYMENT_BADGE_RES), EMPLOYMENT_BADGES
    )


# A line that says what would hold if the job were so ("Hybrid: If this position is listed as hybrid, ...") states
# nothing about this job: boilerplate an ATS adds to all its postings.
_CONDITIONAL_RE = re.compile(
    r"^[^\n]*\bif (?:this|the|your) (?:position|role|job|opportunity) is\b[^\n]*$", re.IGNORECASE | re.MULTILINE
)
# What such a line holds, lower-cased: looked for first, as its literal start makes it a fast scan.
_CONDITIONAL_LOWERED_RE = re.compile(r"if (?:this|the|your) (?:position|role|job|opportunity) is")


class _Read(NamedTuple):
    """A posting as its terms are read: without the lines that say what would hold if the job were so, lower-cased,
    whether lower-casing agrees with the regex's case folding there, and the first sentence of each labelled terms
    line, unescaped ("Temporal \\- 3 meses"; "Tempo Indeterminato/Tempo Determinato. La ...")."""

    text: str
    lowered: str
    exact: bool
    held: set[str]  # the phrases' runs the text holds
    values: list[str]


def _read(text: str) -> _Read:
    lowered = text.lower()
    exact = not folded_apart(text)
    if "if " in lowered and (not exact or _CONDITIONAL_LOWERED_RE.search(lowered)):
        text = _CONDITIONAL_RE.sub("", text)
        lowered = text.lower()
    values = [
        _sentence_around(without_markdown_escapes(match.group("value")), 0, 0) for match in _TERMS_LINE_RE.finditer(text)
    ]
    return _Read(text, lowered, exact, _RUNS.held(lowered), values)


def _stated(read: _Read, badges: list[str], badge_table, phrase_table) -> str:
    """The most specific kind stated: by a labelled line's value, a badge of the top card, or a phrase."""
    kinds, offered = list(badges), set()
    for value in read.values:
        kinds += _either_says_neither(
            _badge_kinds(value, badge_table) or [k for k, pattern in phrase_table if pattern.search(value)], value, offered
        )
    phrased = []
    for kind, pattern in phrase_table:
        if sentence := _stating_sentence(pattern, read):
            phrased += _either_says_neither([k for k, other in phrase_table if other.search(sentence)], sentence, offered)
    # A kind the posting offers as one of a choice ("in Vollzeit oder Teilzeit") is not settled by a phrase elsewhere
    # ("unbefristeter Arbeitsvertrag": permanent, whatever the hours); a badge or a labelled value still settles it.
    kinds += [kind for kind in phrased if kind not in offered]
    return _first_by_precedence(kinds, phrase_table) or "unknown"


# Flexibility an employer offers its staff: hours named among what it allows ("the flexibility to do what's important
# to you; whether that's part time hours, job sharing, home working") are no terms of this job.
_FLEXIBILITY_RE = re.compile(r"flexib|flessib|job[- ]?shar|whether that", re.IGNORECASE)
# What makes hours the job's own: "a part-time role", "full time position".
_JOB_AFTER_RE = re.compile(
    r"[^\S\n]*-?[^\S\n]*(?:role|position|job|contract|post|vacancy|opportunity|basis)\b", re.IGNORECASE
)


def _stating_sentence(pattern: _Phrases, read: _Read) -> str | None:
    """The sentence of `pattern`'s first match that states the job's terms: bare hours in a sentence that speaks of
    flexibility offered state none ("This is a part-time role with flexible hours" does), and a later match is read."""
    offset = 0
    while True:
        text, lowered = (read.text[offset:], read.lowered[offset:]) if offset else (read.text, read.lowered)
        if not (match := pattern.search(text, lowered, read.exact, read.held)):  # runs a suffix holds, the text holds
            return None
        start, end = offset + match.start(), offset + match.end()
        sentence = _sentence_around(read.text, start, end)
        flexibility = _FLEXIBILITY_RE.search(sentence) and not _JOB_AFTER_RE.match(read.text, end)
        if not (flexibility and _HOURS_RE.fullmatch(match.group())):
            return sentence
        offset = end


_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding [start, end): within its line, between full stops that end sentences."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = [found.end() for found in _SENTENCE_END_RE.finditer(text, line_start, start)]
    after = _SENTENCE_END_RE.search(text, end, line_end)
    return text[before[-1] if before else line_start : after.end() if after else line_end].strip(" #*>-")


MAX_CHOICE_LENGTH = 80  # characters: a choice is a short statement, a badge or a labelled value
# "or" in the languages postings offer choices in: "Deltid/Heltid", "Pine Bluff or Colborne".
EITHER_WORDS = r"or|oder|ou|o|eller|of|lub|nebo|или|tai"
# Two terms joined by "and" in one short statement are a choice too: "full-time and part-time positions", "zowel op
# fulltime als op parttime basis"; and "or" and "and" of the languages whose terms only are read here.
_EITHER_RE = re.compile(
    rf"/|\b(?:{EITHER_WORDS}|and|und|et|y|e|als|och|og|i|и|alebo|arba|ir|sau|și|şi|vagy|és|ή|και|або|чи|та|і|או|أو)\b",
    re.IGNORECASE,
)


def _either_says_neither(kinds: list[str], line: str, offered: set) -> list[str]:
    """One statement offering a choice ("Deltid/Heltid", "Full-time or part-time", "Tempo Indeterminato/Tempo
    Determinato") settles none of its kinds; they are added to `offered`."""
    if _a_choice(kinds, line) and len(line) <= MAX_CHOICE_LENGTH and _EITHER_RE.search(line):
        offered.update(kinds)
        return []
    return kinds


def _a_choice(kinds: list[str], line: str) -> bool:
    """Whether `line`'s `kinds` differ in one respect, so that it offers them as a choice: two arrangements ("Umowa o
    pracę, Kontrakt B2B", "Tempo Indeterminato/Tempo Determinato"), two spans of hours ("Full-time, Part-time"), or two
    workplaces. Hours beside an arrangement combine with it: "Contract, full-time" is a contract, worked full-time."""
    kinds = set(kinds)
    if len(kinds) < 2:
        return False
    hours = kinds & {"part_time"} | (kinds & {"full_time"} if _FULL_HOURS_RE.search(line) else set())
    arrangements = kinds - {"part_time", "full_time"} | (kinds & {"full_time"} if _permanent(line) else set())
    return len(hours) > 1 or len(arrangements) > 1


def _permanent(line: str) -> bool:
    """`line` states a full-time job by more than its hours: a permanent post, an employment contract."""
    rest = _HOURS_RE.sub(" ", line)
    return "full_time" in _badge_kinds(rest, _EMPLOYMENT_BADGE_RES) or bool(_FULL_TIME_PHRASE.search(rest))


def remote_mode(text: str, *, top_card: list[str] = (), title: str = "") -> str:
    """remote, hybrid, onsite or unknown, as the posting states it; `top_card` are its head's short lines, and a
    title's badge counts too ("Engineer (remote)", "Engineer | Remote | Australia")."""
    return _remote_mode(_read(text or ""), top_card, title)


def employment_type(text: str, *, top_card: list[str] = (), title: str = "") -> str:
    """full_time, part_time, contract, temporary, internship or unknown, as the posting states it; a title that
    names an internship makes it one."""
    return _employment_type(text or "", _read(text or ""), top_card, title)


def stated_terms(text: str, *, top_card: list[str] = (), title: str = "") -> tuple[str, str]:
    """`remote_mode` and `employment_type` of a posting, its text read once for both."""
    read = _read(text or "")
    return _remote_mode(read, top_card, title), _employment_type(text or "", read, top_card, title)


# A top card's line of more words is a sentence, whose words are no badges: "(гибридной) разработки мобильных
# приложений" is hybrid app development.
MAX_BADGE_LINE_WORDS = 8


def _badge_lines(top_card: list[str], title: str) -> list[str]:
    return [line for line in top_card if len(line.split()) <= MAX_BADGE_LINE_WORDS] + [title]


# A record's field saying the job is not remote: "remote: false", "Remote: No".
_NOT_REMOTE_RE = re.compile(r"\bremote\s*[:=]\s*(?:false|no|nein|non|nej|nei|não|0)\s*$", re.IGNORECASE | re.MULTILINE)


def _remote_mode(read: _Read, top_card: list[str], title: str) -> str:
    lines, badges = _badge_lines(top_card, title), []
    if "remote" in read.lowered and _NOT_REMOTE_RE.search(read.text):  # on-site, and its "remote" is no badge
        lines, badges = [line for line in lines if not _NOT_REMOTE_RE.search(line)], ["onsite"]
    badges += [kind for line in lines for kind in _badge_kinds(line, _REMOTE_BADGE_RES)]
    badges += ["remote" for line in top_card if re.search(r"\bremote\b", line, re.I) and not badges]
    return _stated(read, badges, _REMOTE_BADGE_RES, _REMOTE_PHRASE_RES)


def _employment_type(text: str, read: _Read, top_card: list[str], title: str) -> str:
    # A title's badge states the terms too: "Kıdemli İş Analisti - OMS (Dönemsel)", "Barista (Part-time)". A line
    # listing kinds of one respect apart offers a choice and states none ("Umowa o pracę, Kontrakt B2B").
    badges = [
        kind
        for line in _badge_lines(top_card, title)
        for kinds in [_badge_kinds(line, _EMPLOYMENT_BADGE_RES)]
        if not (_a_choice(kinds, line) and re.search(r",|\s/\s", line))
        for kind in kinds
    ]
    badges += [kind for kind, pattern in _EMPLOYMENT_PHRASE_RES[:1] if pattern.search(title or "")]
    badges += ["internship" for _ in _TITLE_INTERN_RE.finditer(title or "")][:1]
    internship = _EMPLOYMENT_BADGE_RES.patterns[0][1]
    badges += ["internship" for piece in _badge_pieces(title or "") if internship.fullmatch(piece)]
    stated = _stated(read, badges, _EMPLOYMENT_BADGE_RES, _EMPLOYMENT_PHRASE_RES)
    return "full_time" if stated == "unknown" and _full_week(text) else stated


# A full week's hours: "40 hours per week", "40h semanais", "37,5 Stunden Woche".
_FULL_WEEK_RE = re.compile(
    digits_first(
        r"\b(?:3[5-9]|4[0-8])(?:[.,]5)?\s?(?:h|hrs?|hours|horas|stunden|std\.?|heures|ore|timmar|timer|uur|hodin)\b"
        r"[^\S\n]*(?:per week|a week|/\s?week|weekly|semanais|por semana|pro woche|/\s?woche|woche|wöchentlich|"
        r"par semaine|hebdomadaires|a settimana|settimanali|i veckan|per uke|týdně)"
    ),
    re.IGNORECASE,
)
# Words of pay: hours in the same sentence are the basis the pay is stated on ("1.800 Euro brutto/Monat auf
# Vollzeitbasis (38,5 Stunden/Woche)"), not the job's hours.
_PAY_BASIS_RE = re.compile(
    r"[$€£]|\b(?:salary|pay|wage|gross|brutto|gehalt|lohn|euro|salaire|sueldo|salario|salário|stipendio|"
    r"retribuzione|mzda|plat|lön|lønn)\w*",
    re.IGNORECASE,
)


def _full_week(text: str) -> bool:
    """The posting states a full week's hours as the job's, not as the basis of its pay."""
    return any(
        not _PAY_BASIS_RE.search(_sentence_around(text, match.start(), match.end()))
        for match in _FULL_WEEK_RE.finditer(text)
    )
