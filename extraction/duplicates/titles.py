"""Job titles compared for being one role (pure): wording, punctuation, gender tags and the posting's own place set
aside, while a level ("Senior" and "Staff", "II" and "III") or a team, territory or speciality that only one title
names ("Software Engineer, Editors" and "Software Engineer, Flows Platform") keeps two roles apart."""
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer
from rapidfuzz.distance import OSA

# Words that place a role on a ladder: two titles with different ones are two jobs, whatever else they share.
LEVEL_WORDS = {
    "intern", "internship", "trainee", "apprentice", "graduate", "junior", "associate", "mid", "senior", "staff",
    "principal", "distinguished", "lead", "head", "chief", "director", "manager", "vp", "i", "ii", "iii", "iv", "v",
    "1", "2", "3", "4", "5",
}
ABBREVIATIONS = {"sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "engr": "engineer"}
# Abbreviations of a role that titles write either way, spelt out before titles are compared ("Staff SRE" is a "Staff
# Site Reliability Engineer"). Only the well-known ones, in one reading: "PM" as a product manager, the reading in
# tech titles (a project or program manager is written out, or "PjM"/"TPM").
EXPANSIONS = {
    "sre": "site reliability engineer", "swe": "software engineer", "sde": "software development engineer",
    "pm": "product manager", "tpm": "technical program manager", "em": "engineering manager",
    "qa": "quality assurance", "ml": "machine learning", "ai": "artificial intelligence", "ux": "user experience",
    "ui": "user interface", "hr": "human resources", "ae": "account executive", "sdr": "sales development representative",
    "bdr": "business development representative", "csm": "customer success manager", "gtm": "go to market",
}
# Endings by which two words with one Snowball stem differ and still name one thing ("Behavior", "Behavioral"; a
# plural): not the endings that turn a field into a role or a product into a process ("Accounting" / "Account",
# "Production" / "Product", "Designer" / "Design"), which the stem alone would join.
STEM_ENDINGS = {"", "s", "es", "y", "ies", "al", "ial", "ical", "ally"}
_STEMMER = snowballstemmer.stemmer("english")
# Snowball in pure Python takes ~25 µs a word, and matching a batch stems the same few hundred title words thousands of
# times: each word's stem is kept (at 500K jobs, stemming was a third of a batch's time before).
_stem = lru_cache(maxsize=65_536)(_STEMMER.stemWord)
# Words that say nothing of the role: joining words, gender tags' letters, how and where it is worked, badges.
NOISE_WORDS = {
    "and", "of", "the", "in", "for", "a", "an", "at", "to", "with", "on", "m", "w", "f", "d", "h", "x", "gn",
    "position", "located", "based", "remote", "hybrid", "onsite", "urgent", "hiring", "now",
}
REMOTE_WORDS = {"remote", "remotely", "anywhere", "worldwide", "wfh"}
# Two words are one spelt two ways when one letter is added, dropped, changed or two swapped ("Acquistion"), in
# words this long: shorter ones ("II", "UX") and two changes ("Southeast", "Southwest") are other words.
SPELLING_MIN_LENGTH = 5
_GENDER_TAG_RE = re.compile(r"\((?:\s*[mwfdhxi*]\s*[/|,]?)+\)|\(all genders?\)|\(gn\)", re.IGNORECASE)
_COMPOUND_RE = re.compile(r"\b(full|front|back)[\s-]+(stack|end)\b")
_WORD_RE = re.compile(r"[^\W_]+[#+]*")


class TitleAgreement(NamedTuple):
    score: float  # 1 for one role; 0 where the titles name two roles
    reason: str
    decisive: bool  # the titles alone show two jobs
    equal: bool  # the same words, once wording is set aside


def title_words(title: str, *, expand: bool = True) -> list[str]:
    """A title's words, case, accents' forms, gender tags and abbreviations set aside: "Sr. Full-Stack Engineer
    (m/w/d)" -> ["senior", "fullstack", "engineer"]; with `expand`, a role's abbreviation spelt out ("SRE" -> "site",
    "reliability", "engineer"; not for a location line, whose "AI" may be Anguilla)."""
    text = _GENDER_TAG_RE.sub(" ", unicodedata.normalize("NFKC", title or "")).casefold().replace("&", " and ")
    text = _COMPOUND_RE.sub(r"\1\2", text)
    words = []
    for word in _WORD_RE.findall(text):
        word = ABBREVIATIONS.get(word, word)
        words.extend(EXPANSIONS[word].split() if expand and word in EXPANSIONS else [word])
    return words


def says_remote(title: str) -> bool:
    """The title itself says the job is remote ("Reporting Coordinator - Remote")."""
    return any(word in REMOTE_WORDS for word in title_words(title))


def _split(title: str, own_places: set[str]) -> tuple[frozenset, list[str]]:
    """(level words, the other words in order), noise and the words of the posting's own place dropped."""
    levels, rest = _parts(title)
    return levels, [word for word in rest if word not in own_places]


@lru_cache(maxsize=16_384)  # a batch's candidates repeat their employers' few titles many times over
def _parts(title: str) -> tuple[frozenset, tuple[str, ...]]:
    """(level words, the other words in order, noise dropped)."""
    words = _without_own_acronyms(title_words(title))
    levels = frozenset(word for word in words if word in LEVEL_WORDS)
    return levels, tuple(word for word in words if word not in LEVEL_WORDS and word not in NOISE_WORDS)


def _without_own_acronyms(words: list[str]) -> list[str]:
    """A title's words less an acronym of a run of its own words ("Go-to-Market (GTM) Enablement" -> "go to market
    enablement"): it says nothing the title does not say."""
    def spelt_out(index: int, word: str) -> bool:
        if not 2 <= len(word) <= 6 or not word.isalpha():
            return False
        others = words[:index] + [None] + words[index + 1:]
        return any(None not in others[start:start + len(word)] and _initials_of(word, others[start:start + len(word)])
                   for start in range(len(others) - len(word) + 1))
    return [word for index, word in enumerate(words) if not spelt_out(index, word)]


def _initials_of(word: str, others: list[str]) -> bool:
    return len(word) >= 2 and len(others) == len(word) and "".join(other[0] for other in others) == word


def _abbreviated(extra_a: list[str], extra_b: list[str]) -> bool:
    """One title abbreviates what the other spells out: "IR" and "Interventional Radiology"."""
    return (len(extra_a) == 1 and _initials_of(extra_a[0], extra_b)) or (
        len(extra_b) == 1 and _initials_of(extra_b[0], extra_a)
    )


def _one_stem(word: str, other: str, *, any_ending: bool = False) -> bool:
    """One word with another ending that names the same thing ("behavior", "behavioral"; "analysts", "analyst"); with
    `any_ending`, any two words of one stem ("engineer", "engineering"; "account", "accounting")."""
    if word == other:
        return True
    if _stem(word) != _stem(other):
        return False
    if any_ending:
        return True
    shared = len(word)
    for index, (left, right) in enumerate(zip(word, other)):
        if left != right:
            shared = index
            break
    else:
        shared = min(len(word), len(other))
    return word[shared:] in STEM_ENDINGS and other[shared:] in STEM_ENDINGS


def _one_word(word: str, other: str) -> bool:
    return min(len(word), len(other)) >= SPELLING_MIN_LENGTH and OSA.distance(word, other) <= 1


def _spelt_apart(extra_a: list[str], extra_b: list[str]) -> bool:
    """Every word only one title has is a spelling of a word only the other has."""
    return all(any(_one_word(word, other) for other in extra_b) for word in extra_a) and all(
        any(_one_word(word, other) for other in extra_a) for word in extra_b
    )


def titles_agree(first: str, second: str, *, places_a: set[str] = frozenset(), places_b: set[str] = frozenset(),
                 any_ending: bool = False) -> TitleAgreement:
    """How far two titles name one role; `places_*` are the words of each posting's own locations, which its title may
    repeat ("Lead Enterprise Account Executive (Berlin)" in Berlin). With `any_ending`, words of one stem are one word
    whatever their endings (a field and its role, "Engineering" / "Engineer"): looser, for two posts of one ATS job."""
    levels_a, rest_a = _split(first, places_a)
    levels_b, rest_b = _split(second, places_b)
    if levels_a != levels_b:
        shown = " / ".join(" ".join(sorted(levels)) or "no level" for levels in (levels_a, levels_b))
        return TitleAgreement(0.0, f"levels differ ({shown})", True, False)
    # Words compared by stem: "Behavior" and "Behavioral" are one word written two ways.
    extra_a = [word for word in rest_a if not any(_one_stem(word, other, any_ending=any_ending) for other in rest_b)]
    extra_b = [word for word in rest_b if not any(_one_stem(word, other, any_ending=any_ending) for other in rest_a)]
    if (not extra_a and not extra_b) or "".join(rest_a) == "".join(rest_b):
        return TitleAgreement(1.0, "titles agree", False, True)
    if not extra_a or not extra_b:
        added = " ".join(extra_a or extra_b)
        return TitleAgreement(0.8, f"one title adds {added!r}", False, False)
    if _abbreviated(extra_a, extra_b):
        return TitleAgreement(0.85, f"one title abbreviates the other ({' '.join(extra_a)!r}, {' '.join(extra_b)!r})", False, False)
    if _spelt_apart(extra_a, extra_b):
        return TitleAgreement(0.85, f"titles spelt two ways ({' '.join(extra_a)!r}, {' '.join(extra_b)!r})", False, False)
    return TitleAgreement(0.0, f"titles name other work ({' '.join(extra_a)!r}, {' '.join(extra_b)!r})", True, False)
