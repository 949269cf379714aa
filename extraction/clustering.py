"""Keeping postings' clusters once their fields are stored: each is matched (extraction.duplicates.compare) against a
few candidates found by its employer and title, never against every job, and joins the best one's cluster, leaves a
cluster it no longer matches, or stays alone. An operator's decisions (jobscraper.clusters.ClusterDecision) come
before scoring: two postings said to be one job are joined, two said to be two jobs never are.

Postings are matched a batch at a time, as extraction stores them: the batch's candidates, their rows (without their
texts), the members of their clusters, the operators' decisions, and the texts of the candidates whose titles do not
already tell them apart are read in one query each, whatever the batch's size; only postings that join or leave a
cluster write, in one transaction for the batch, the joins in a few statements whatever their number
(jobscraper.clusters.ClusterJoins; bench/clustering.py measures the cost).

Candidates: jobs of the same employer key, open or closed within REPOST_WINDOW (a closed one matched is a repost),
with a similar title key: the employer's title keys read from the employer key's covering index (migration 0023),
ranked by rapidfuzz in the worker. (pg_trgm's similarity() in the query cost ~5 ms a posting at 500K jobs, 24 ms at
an employer with 6,000 jobs, for each posting of a batch: bench/clustering.py, BENCHMARKS.md.)
"""
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, process

from jobscraper.clusters import REPOST_WINDOW, ClusterJoins, cluster_leave, clusters_order_store
from jobscraper.models import ClusterDecision, Job
from jobscraper.provenance import Provenance

from .duplicates import PostingFacts, Verdict, apart_by_title, compare
from .duplicates.employers import name_key
from .duplicates.titles import NOISE_WORDS, title_words

logger = logging.getLogger(__name__)

CANDIDATES = 20  # the most alike titles compared
# How alike two title keys must be (rapidfuzz's ratio, 0-100; the keys are sorted words) for a candidate: the real
# same-job pairs of tests/fixtures/duplicates score 43.75 at the lowest (a title adding "bilingual English, French or
# Spanish"), translated titles included.
TITLE_CUTOFF = 40
OPERATOR = Verdict(True, 1.0, ("an operator said these are one job",))
# Columns matching reads only for some rows (the texts), or never (the search vector): kilobytes each, out of line.
TEXTS = ("description_html", "raw_content")
UNREAD = ("search_vector",)
# What a candidate's row is read for: its facts but the text (facts_of), and whether it is open and clustered.
CANDIDATE_COLUMNS = (
    "title", "locations", "source_data", "source_origin", "external_id", "company__name", "source_url",
    "first_seen_at", "sighting__seen_at", "status", "cluster_id",
)


def employer_of(job: Job) -> str:
    """The employer a posting names: a job board row's own company, else the company it was scraped for."""
    if job.source_origin == Provenance.BOARD and (named := str(job.source_data.get("company") or "").strip()):
        return named
    return job.company.name


def title_key(title: str) -> str:
    """A title's words as matching compares them (levels kept, noise dropped), sorted: what candidates are ranked by."""
    return " ".join(sorted({word for word in title_words(title) if word not in NOISE_WORDS}))[:500]


def _title(job: Job) -> str:
    """The posting's title: extracted, else its source's; never the external id that Job.display_title falls back to."""
    return job.title or str(job.source_data.get("title") or "")


def facts_of(job: Job, *, text: str | None = None) -> PostingFacts:
    """What matching reads of a stored job, with the exact evidence its source gave (its requisition and ATS job ids,
    a board row's apply URL: Job.evidence) and its own page; `text` in place of its own where the row was read
    without it."""
    places = tuple(
        str(place.get("name") or ", ".join(filter(None, (place.get(k) for k in ("city", "region", "country")))))
        for place in job.locations if isinstance(place, dict)
    )
    # Where it is listed, for "two postings up side by side on one board are two openings": a board row's site
    # (its external id's prefix), else the company's own board.
    source = job.external_id.partition(":")[0] if job.source_origin == Provenance.BOARD else f"company:{job.company_id}"
    # Listed from its first run to the last run that saw it, as times: a repost first seen in the afternoon of the day
    # its earlier posting was last seen that morning is not listed beside it (closed_at is the run that found it gone).
    return PostingFacts(
        title=_title(job), employer=employer_of(job), locations=tuple(p for p in places if p),
        description=(job.description_html or job.raw_content) if text is None else text, source=source,
        listed_from=job.first_seen_at, listed_until=job.last_seen_at, url=job.source_url, **job.evidence,
    )


def cluster_keys(job: Job) -> dict[str, str]:
    """The job's employer and title keys as its fields read now: what its candidates are found by. Storing an
    extraction writes them with the job's fields; matching writes them where they changed since (a reviewer's edit)."""
    return {"employer_key": name_key(employer_of(job))[:200], "title_key": title_key(_title(job))}


def _keys_store(jobs: list[Job]) -> None:
    """Each job's keys, written where they changed (one query; rare: storing writes them, so only a reviewer's edit or
    an upgrade's cluster_jobs finds them changed)."""
    changed = []
    for job in jobs:
        keys = cluster_keys(job)
        if any(getattr(job, name) != value for name, value in keys.items()):
            for name, value in keys.items():
                setattr(job, name, value)
            changed.append(job)
    Job.objects.bulk_update(changed, ["employer_key", "title_key"])


def _recent() -> Q:
    return Q(status=Job.Status.OPEN) | Q(closed_at__gte=timezone.now() - REPOST_WINDOW)


def _candidates(jobs: list[Job]) -> dict[int, list[int]]:
    """Each job's candidates: its employer's open or recently closed jobs (the batch's employers' title keys read in
    one query, from the employer key's covering index on PostgreSQL), ranked by how alike their title keys are."""
    titles = defaultdict(dict)
    # Unordered: the covering index answers alone (no sort by the model's ordering, whose columns it does not hold).
    rows = Job.objects.filter(_recent(), employer_key__in={job.employer_key for job in jobs}).order_by()
    for pk, employer, key in rows.values_list("pk", "employer_key", "title_key"):
        titles[employer][pk] = key
    found = {}
    for job in jobs:
        # One more than wanted, the job's own key among them (not a copy of its employer's keys without it, per job).
        ranked = process.extract(job.title_key, titles[job.employer_key], scorer=fuzz.ratio, limit=CANDIDATES + 1,
                                 score_cutoff=TITLE_CUTOFF)
        found[job.pk] = [pk for _, _, pk in ranked if pk != job.pk][:CANDIDATES]
    return found


class Matching:
    """What matching a batch reads, in one query each: the jobs' candidates, the candidates' rows, the members of
    their clusters, and the operators' decisions on the batch's jobs."""

    def __init__(self, jobs: list[Job]):
        # A job closed before the repost window is nobody's candidate, and has none.
        since = timezone.now() - REPOST_WINDOW
        recent = [job for job in jobs if job.status == Job.Status.OPEN or (job.closed_at and job.closed_at >= since)]
        # A job whose employer or title has no key ("!!!") has no candidates: an empty key would match every job
        # not keyed yet (all of them, while an upgrade's cluster_jobs runs).
        keyed = [job for job in recent if job.title_key and job.employer_key]
        found = _candidates(keyed) if keyed else {}
        self.candidates = {job.pk: found.get(job.pk, []) for job in keyed}
        batch = [job.pk for job in jobs]
        self.said = {
            (d.job_a_id, d.job_b_id): d.same
            for d in ClusterDecision.objects.filter(Q(job_a_id__in=batch) | Q(job_b_id__in=batch))
        }
        # Postings an operator joined to a job are its candidates whatever their employer or title.
        for (a, b), same in self.said.items():
            for job_id, other in ((a, b), (b, a)):
                if same and job_id in self.candidates and other not in self.candidates[job_id]:
                    self.candidates[job_id].append(other)
        self.rows = {job.pk: job for job in jobs}
        wanted = {pk for ids in self.candidates.values() for pk in ids} - set(self.rows)
        candidates = Job.objects.filter(pk__in=wanted).select_related("company", "sighting").only(*CANDIDATE_COLUMNS)
        self.rows |= {job.pk: job for job in candidates}
        self.texts = {job.pk: None for job in jobs}  # None: the row's own (the batch's rows are read whole)
        clusters = {job.cluster_id for job in self.rows.values()} - {None}
        self.members = dict(Job.objects.filter(cluster_id__in=clusters).values_list("pk", "cluster_id"))
        self._facts = {}

    def facts(self, job: Job) -> PostingFacts:
        """The facts matching reads of `job`; a candidate's text once `texts_read` has read it, "" before."""
        if job.pk not in self._facts:
            self._facts[job.pk] = facts_of(job, text=self.texts.get(job.pk, ""))
        return self._facts[job.pk]

    def texts_read(self, pks: set[int]) -> None:
        """The texts of the candidates `pks`, in one query (most of an employer's similar titles need none)."""
        unread = pks - set(self.texts)
        for pk, html, raw in Job.objects.filter(pk__in=unread).values_list("pk", *TEXTS):
            self.texts[pk] = html or raw
            self._facts.pop(pk, None)

    def best_of(self, jobs: list[Job]) -> dict[int, tuple[Job, Verdict] | None]:
        """Each job's best candidate (`best`), the texts of those its title does not tell apart read first at once."""
        shortlists = {job.pk: self.shortlist(job) for job in jobs}
        self.texts_read({other.pk for shortlist in shortlists.values() for other, said in shortlist if not said})
        return {job.pk: self.best(job, shortlists[job.pk]) for job in jobs}

    def operator_joined(self, job_id: int) -> bool:
        return any(same and job_id in pair for pair, same in self.said.items())

    def shortlist(self, job: Job) -> list[tuple[Job, bool]]:
        """`job`'s candidates left to compare, each with whether an operator joined them: none said apart by an
        operator from it or from any member of the candidate's cluster, none whose title alone names other work."""
        said = {(b if a == job.pk else a): same for (a, b), same in self.said.items() if job.pk in (a, b)}
        # What an operator said apart from `job`: a cluster through any of its members, or a job alone.
        parted = {("cluster", self.members[pk]) if pk in self.members else ("job", pk)
                  for pk, same in said.items() if not same}
        shortlist = []
        for other in (self.rows[pk] for pk in self.candidates.get(job.pk, ()) if pk in self.rows):
            if ("cluster", other.cluster_id) in parted or ("job", other.pk) in parted:
                continue
            if said.get(other.pk):
                shortlist.append((other, True))
            elif not apart_by_title(self.facts(job), self.facts(other)):  # most of an employer's similar titles are
                shortlist.append((other, False))  # another level or team, told without the texts
        return shortlist

    def best(self, job: Job, shortlist: list[tuple[Job, bool]]) -> tuple[Job, Verdict] | None:
        """The candidate of `shortlist` `job` is the same job as, open ones first, then by score."""
        matches = []
        for other, joined in shortlist:
            verdict = OPERATOR if joined else compare(self.facts(job), self.facts(other))
            if verdict.same:
                matches.append((other.status == Job.Status.OPEN, verdict.score, -other.pk, other, verdict))
        if not matches:
            return None
        *_, other, verdict = max(matches, key=lambda match: match[:3])
        return other, verdict


def _keep(job: Job, best: tuple[Job, Verdict] | None, locked: dict[int, Job], matching: Matching,
          joins: ClusterJoins) -> str:
    """What matching found for `job`, whose row and its best match's are in `locked` (held by the caller's
    transaction, kept as the batch's joins leave them): a join added to `joins`, or a cluster left written (after the
    joins pending, as it may dissolve the cluster); says what happened."""
    current = locked.get(job.pk)
    if current is None or current.content_hash != job.content_hash:
        return "changed"  # re-scraped meanwhile: its own task matches the new content
    if best is None or best[0].pk not in locked:
        if current.cluster_id is None:
            return "alone"
        if matching.operator_joined(job.pk):
            return "kept"  # an operator joined it: it stays whatever its text says now
        joins.write()
        cluster_leave(current, match={"left": "no longer matches its cluster"})
        _clusters_reread(locked)
        return "left"
    other, verdict = locked[best[0].pk], best[1]
    match = {"with": other.pk, "score": verdict.score, "reasons": list(verdict.reasons)}
    if other.cluster_id is not None and other.cluster_id == current.cluster_id:
        if current.cluster_match != match and not joins.why(current, match):
            Job.objects.filter(pk=job.pk).update(cluster_match=match)
        return "kept"
    repost, moving = _reposted(current, other), current.cluster_id is not None
    if moving:
        joins.write()
    joins.add(job=current, other=other, match={**match, "repost": repost}, repost=repost)
    if moving:  # the cluster it left may be dissolved: its other member is alone now
        joins.write()
        _clusters_reread(locked)
    return "reposted" if repost else "joined"


def _clusters_reread(locked: dict[int, Job]) -> None:
    """The locked rows' clusters as the database holds them now (after a cluster was left, and maybe dissolved)."""
    for pk, cluster_id in Job.objects.filter(pk__in=list(locked)).values_list("pk", "cluster_id"):
        locked[pk].cluster_id = cluster_id


def _write(jobs: list[Job], found: dict[int, tuple[Job, Verdict] | None], matching: Matching) -> dict[int, str]:
    """Write what matching found for the batch in one transaction, the rows written locked first in primary-key
    order (as storing locks them); a job alone that was alone writes nothing."""
    outcomes = {job.pk: "alone" for job in jobs if found[job.pk] is None and job.cluster_id is None}
    pending = [job for job in jobs if job.pk not in outcomes]
    if not pending:
        return outcomes
    wanted = {job.pk for job in pending} | {found[job.pk][0].pk for job in pending if found[job.pk]}
    with transaction.atomic():
        rows = Job.objects.select_for_update().filter(pk__in=wanted).defer(*TEXTS, *UNREAD).order_by("pk")
        locked = {row.pk: row for row in rows}
        left, joins = {row.cluster_id for row in locked.values()}, ClusterJoins()
        for job in pending:
            outcomes[job.pk] = _keep(job, found[job.pk], locked, matching, joins)
        joins.write()
        clusters_order_store(clusters=left, jobs=list(locked))  # the clusters joined and left, once for the batch
    return outcomes


def _reposted(job: Job, other: Job) -> bool:
    """Whether one of the two postings closed and the other, seen after it, is open: the job posted again."""
    closed, open_ = sorted((job, other), key=lambda posting: posting.status == Job.Status.OPEN)
    if (closed.status, open_.status) != (Job.Status.CLOSED, Job.Status.OPEN):
        return False
    return open_.first_seen_at > closed.first_seen_at


def jobs_cluster(job_ids: list[int]) -> dict[int, str]:
    """Match stored jobs, a batch at a time, and keep their clusters; says what happened to each ("joined", "left",
    "alone", ...), in the order of `job_ids`."""
    jobs = list(Job.objects.select_related("company", "sighting").filter(pk__in=job_ids).defer(*UNREAD).order_by("pk"))
    _keys_store(jobs)
    matching = Matching(jobs)
    found = matching.best_of(jobs)  # None for a job without keys: it has no candidates
    return dict.fromkeys(job_ids, "gone") | _write(jobs, found, matching)


def job_cluster(job_id: int) -> str:
    """Match one stored job and keep its cluster (jobs_cluster for one)."""
    return jobs_cluster([job_id])[job_id]


def jobs_cluster_soon(job_ids: list[int]) -> None:
    """Match `job_ids` once the caller's transaction commits (a task on the scrape queue)."""
    from .tasks import cluster_jobs_task

    if job_ids:
        transaction.on_commit(lambda: cluster_jobs_task.delay(list(job_ids)))
