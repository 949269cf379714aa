"""Whether two postings are the same job (pure: no database, no network): the employer's board and a job board's
copy, the same job on two boards, one job listed twice, or a repost under a new id; and not the same employer's
other job at another level, in another team or territory, in another place, or another role under the same title.

`compare` reads the postings' employer, title, places, text and where and when each was listed, and gives a verdict
with a score and the reasons for it. Some differences are decisive on their own (a level, a team only one title
names, places apart, texts that share little or differ only in the place they name); without one, the score weighs
how far each part agrees. Exact evidence, where the sources give it (one requisition id, two posts of one ATS job, a
board row applying at the other posting's URL), makes one job of any pair whose places are not apart; a requisition or
an ATS job only where the titles do not name two roles.
"""
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from .employers import employers_agree
from .evidence import requisition_key, same_posting_url, url_key
from .locations import places_edited, places_overlap, read_places
from .texts import text_words, texts_similarity
from .titles import says_remote, titles_agree, title_words

# Weights of each part in the score; a part that cannot be compared (no text on a side) is left out of the mean.
WEIGHTS = {"title": 0.45, "employer": 0.2, "place": 0.15, "text": 0.2}
SAME_JOB = 0.7  # the score from which two postings with no decisive difference are one job
TEXTS_APART = 0.35  # texts sharing less than this (word-order ratio) are two roles' texts
TEXTS_ONE = 0.9  # texts sharing at least this are one text, lightly edited
TEXTS_IDENTICAL = 0.98  # texts sharing at least this are one text: a title adding a qualifier to it names no other job
ONE_EMPLOYER = 0.85  # employer agreement from which a requisition id names one opening (a shared word is too weak)


@dataclass(frozen=True)
class PostingFacts:
    """What matching reads of a stored posting."""

    title: str
    employer: str
    locations: tuple[str, ...] = ()
    description: str = ""  # HTML or plain text
    source: str = ""  # where it is listed: an employer's board ("greenhouse:airtable") or a job board ("linkedin")
    # First and last day it was seen listed, or the times of those snapshots (a datetime, in one time zone for all
    # postings) where the source keeps them: times tell a repost from a posting listed beside it on one day.
    listed_from: date | datetime | None = None
    listed_until: date | datetime | None = None
    # Exact evidence, where the source gives it ("" where not):
    requisition_id: str = ""  # the employer's own id of the opening, as its ATS gives it (Greenhouse `requisition_id`)
    # The ATS's id of the job a posting is a post of: an ATS may post one job several times (Greenhouse's
    # `internal_job_id`, shared by every post of one job, each post with its own `id`).
    ats_job_id: str = ""
    url: str = ""  # the posting's own page (an ATS posting's URL; a board row's page on that board)
    apply_url: str = ""  # a board row's direct apply URL, where the board links the employer's posting (`job_url_direct`)

    # Read once per posting, however many candidates it is compared with (cached_property writes past frozen).
    @cached_property
    def words(self) -> list[str]:
        return text_words(self.description)

    @cached_property
    def cased_words(self) -> list[str]:
        return text_words(self.description, keep_case=True)

    @cached_property
    def places(self) -> list:
        return read_places(list(self.locations), remote=says_remote(self.title))

    @cached_property
    def place_words(self) -> set[str]:
        return {word for line in self.locations for word in title_words(line, expand=False)}


@dataclass(frozen=True)
class Verdict:
    same: bool
    score: float  # 0-1
    reasons: tuple[str, ...]


def _listed_together(a: PostingFacts, b: PostingFacts) -> bool:
    """Both listed on one board over some common day: an employer keeps two postings up side by side only for two
    openings, so there they must agree in title and text to be one job."""
    listed = (a.listed_from, a.listed_until, b.listed_from, b.listed_until)
    if not a.source or a.source != b.source or None in listed:
        return False
    if not all(isinstance(moment, datetime) for moment in listed):  # a day on one side: compare days
        listed = tuple(moment.date() if isinstance(moment, datetime) else moment for moment in listed)
    a_from, a_until, b_from, b_until = listed
    return a_from <= b_until and b_from <= a_until


def _one_ats_job(a: PostingFacts, b: PostingFacts) -> bool:
    # An ATS job id is read as given: Gem's are case-sensitive base64, not always with a digit.
    return bool(a.ats_job_id.strip()) and a.ats_job_id.strip() == b.ats_job_id.strip()


def _exact_evidence(a: PostingFacts, b: PostingFacts, employer_score: float, *, titles_apart: bool,
                    wording_apart: bool) -> str | None:
    """A board row whose direct apply URL is the other posting's own URL; or, at one employer, one requisition id or
    one ATS job posted twice, unless the titles name two roles: employers reuse a requisition for a later role or open
    one at two levels (12 of the 100 new held-out pairs, after which this exception was made), and post one ATS job
    under titles naming two levels or territories ("VP" / "Director", "Nordics" / "Benelux") as well. For posts of one
    ATS job the titles are read more loosely (`wording_apart`: words of one stem are one word whatever their endings):
    two posts of one job whose titles differ only in such wording, or in a qualifier one adds, are that job."""
    if employer_score >= ONE_EMPLOYER:
        requisition = requisition_key(a.requisition_id)
        if not titles_apart and requisition and requisition == requisition_key(b.requisition_id):
            return f"one requisition ({a.requisition_id})"
        if not wording_apart and _one_ats_job(a, b):
            return f"posts of one ATS job ({a.ats_job_id.strip()})"
    return _linked(a, b)


def _linked(a: PostingFacts, b: PostingFacts) -> str | None:
    """A board row whose direct apply URL is the other posting's own URL: the one evidence that outweighs titles."""
    for row, other in ((a, b), (b, a)):
        if same_posting_url(row.apply_url, other.url):
            return f"{row.source or 'a board row'} applies at the other posting's URL ({url_key(other.url)})"
    return None


def apart_by_title(a: PostingFacts, b: PostingFacts) -> bool:
    """Whether the titles alone settle that `a` and `b` are two jobs (a level, a team or a role only one names), as
    `compare` finds with every part read: no board row links the other's URL. A cheap first look, for matching one
    posting against many candidates: its places and text are never read for these."""
    if _linked(a, b) or not titles_agree(a.title, b.title, places_a=a.place_words, places_b=b.place_words).decisive:
        return False
    return not _one_ats_job(a, b) or _wording_apart(a, b)


def _wording_apart(a: PostingFacts, b: PostingFacts) -> bool:
    """The titles name two roles even with words of one stem read as one word (posts of one ATS job are read so)."""
    return titles_agree(a.title, b.title, places_a=a.place_words, places_b=b.place_words, any_ending=True).decisive


def compare(a: PostingFacts, b: PostingFacts) -> Verdict:
    """Whether `a` and `b` are one job, how sure (0-1), and why."""
    employer = employers_agree(a.employer, b.employer)
    title = titles_agree(a.title, b.title, places_a=a.place_words, places_b=b.place_words)
    place = places_overlap(a.places, b.places)
    text = texts_similarity(a.words, b.words)
    parts = {"title": title.score, "employer": employer.score, "place": place.score, "text": text}
    known = {name: value for name, value in parts.items() if value is not None}
    score = sum(WEIGHTS[name] * value for name, value in known.items()) / sum(WEIGHTS[name] for name in known)
    reasons = [employer.reason, title.reason, place.reason]
    reasons.append("a text too short to compare" if text is None else f"texts {text:.0%} alike")
    requisitions = requisition_key(a.requisition_id), requisition_key(b.requisition_id)
    if all(requisitions) and requisitions[0] != requisitions[1]:
        # Not decisive: an employer may open two requisitions for one opening a reader cannot tell apart.
        reasons.append(f"requisitions differ ({a.requisition_id}, {b.requisition_id})")
    vetoes, apart = [], []
    if employer.score == 0:
        vetoes.append(employer.reason)
    if title.decisive:
        vetoes.append(title.reason)
    if place.decisive:
        apart.append(place.reason)
    if text is not None and text >= TEXTS_ONE and (edited := places_edited(a.words, b.words, a.cased_words, b.cased_words)):
        apart.append(f"texts alike but for the places they name, apart ({edited})")
    if text is not None and text < TEXTS_APART:
        vetoes.append(f"texts share little ({text:.0%})")
    # Listed together, two titles are two openings unless one only adds a qualifier to one identical text.
    qualified_copy = not title.decisive and text is not None and text >= TEXTS_IDENTICAL
    if _listed_together(a, b) and not qualified_copy and (not title.equal or (text is not None and text < TEXTS_ONE)):
        vetoes.append(f"listed side by side on {a.source} with other {'titles' if not title.equal else 'texts'}")
    wording_apart = title.decisive and _one_ats_job(a, b) and _wording_apart(a, b)
    if evidence := _exact_evidence(a, b, employer.score, titles_apart=title.decisive, wording_apart=wording_apart):
        # Places apart stay apart even so: one requisition that a board lists once per city is one job per place.
        if not apart:
            return Verdict(True, 1.0, (f"exact: {evidence}", *reasons))
        reasons.insert(0, evidence)
        vetoes = []
    vetoes += apart
    if vetoes:
        return Verdict(False, round(min(score, SAME_JOB - 0.01), 3), tuple(f"decisive: {v}" for v in vetoes) + tuple(reasons))
    return Verdict(score >= SAME_JOB, round(score, 3), tuple(reasons))
