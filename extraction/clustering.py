"""Keeping a posting's cluster once its fields are stored: it is matched (extraction.duplicates.compare) against a
few candidates found by its employer and title, never against every job, and joins the best one's cluster, leaves a
cluster it no longer matches, or stays alone. An operator's decisions (jobscraper.clusters.ClusterDecision) come
before scoring: two postings said to be one job are joined, two said to be two jobs never are.

Candidates: jobs of the same employer key, open or closed within REPOST_WINDOW (a closed one matched is a repost),
with a similar title key: the employer's jobs found by the employer key's index (migration 0021), their titles ranked
by pg_trgm's similarity() on PostgreSQL, by rapidfuzz on SQLite.
"""
import logging

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, process

from jobscraper.clusters import REPOST_WINDOW, cluster_join, cluster_leave, decisions_between
from jobscraper.models import ClusterDecision, Job
from jobscraper.provenance import Provenance

from .duplicates import PostingFacts, Verdict, compare
from .duplicates.employers import name_key
from .duplicates.titles import NOISE_WORDS, title_words

logger = logging.getLogger(__name__)

CANDIDATES = 20  # the most similar titles compared; the trigram threshold (0.3) keeps every true duplicate we hold
TITLE_SIMILARITY = 0.3  # pg_trgm's similarity (0-1) from which a title is a candidate's: its `%` operator's default
TITLE_CUTOFF = 30  # rapidfuzz's 0-100 scale, as pg_trgm's default similarity threshold on SQLite's side
OPERATOR = Verdict(True, 1.0, ("an operator said these are one job",))


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


def facts_of(job: Job) -> PostingFacts:
    """What matching reads of a stored job."""
    places = tuple(
        str(place.get("name") or ", ".join(filter(None, (place.get(k) for k in ("city", "region", "country")))))
        for place in job.locations if isinstance(place, dict)
    )
    # Where it is listed, for "two postings up side by side on one board are two openings": a board row's site
    # (its external id's prefix), else the company's own board.
    source = job.external_id.partition(":")[0] if job.source_origin == Provenance.BOARD else f"company:{job.company_id}"
    until = job.closed_at or job.last_seen_at
    return PostingFacts(
        title=_title(job), employer=employer_of(job), locations=tuple(p for p in places if p),
        description=job.description_html or job.raw_content, source=source,
        listed_from=job.first_seen_at.date(), listed_until=until.date(),
    )


def _candidates(job: Job) -> list[Job]:
    recent = Q(status=Job.Status.OPEN) | Q(closed_at__gte=timezone.now() - REPOST_WINDOW)
    same_employer = Job.objects.filter(recent, employer_key=job.employer_key).exclude(pk=job.pk)
    if connection.vendor == "postgresql":
        # The employer's jobs by its key's index, their titles compared as read: a trigram index searched with `%`
        # reads every job's entries for the title's trigrams, a cost that grows with the whole table, not with the
        # employer (bench/clustering.py, BENCHMARKS.md).
        ids = list(
            same_employer.annotate(similarity=TrigramSimilarity("title_key", job.title_key))
            .filter(similarity__gte=TITLE_SIMILARITY).order_by("-similarity", "pk").values_list("pk", flat=True)[:CANDIDATES]
        )
    else:
        titles = dict(same_employer.values_list("pk", "title_key"))
        ranked = process.extract(job.title_key, titles, scorer=fuzz.token_set_ratio, limit=CANDIDATES,
                                 score_cutoff=TITLE_CUTOFF)
        ids = [pk for _, _, pk in ranked]
    # Postings an operator joined to this one are candidates whatever their employer or title.
    joined = ClusterDecision.objects.filter(Q(job_a=job) | Q(job_b=job), same=True).values_list("job_a", "job_b")
    ids += [pk for pair in joined for pk in pair if pk != job.pk and pk not in ids]
    return list(Job.objects.filter(pk__in=ids).select_related("company"))


def _best_match(job: Job, candidates: list[Job]) -> tuple[Job, Verdict] | None:
    """The candidate `job` is the same job as, open ones first, then by score; none said apart by an operator from
    it or from any member of the candidate's cluster."""
    clusters = {other.cluster_id for other in candidates} - {None}
    members = dict(Job.objects.filter(cluster_id__in=clusters).values_list("pk", "cluster_id"))
    said = decisions_between(job.pk, [other.pk for other in candidates] + list(members))
    # What an operator said apart from `job`: a cluster through any of its members, or a job alone.
    parted = {("cluster", members[pk]) if pk in members else ("job", pk) for pk, same in said.items() if not same}
    facts = facts_of(job)
    matches = []
    for other in candidates:
        if ("cluster", other.cluster_id) in parted or ("job", other.pk) in parted:
            continue
        verdict = OPERATOR if said.get(other.pk) else compare(facts, facts_of(other))
        if verdict.same:
            matches.append((other.status == Job.Status.OPEN, verdict.score, -other.pk, other, verdict))
    if not matches:
        return None
    *_, other, verdict = max(matches, key=lambda match: match[:3])
    return other, verdict


def job_cluster(job_id: int) -> str:
    """Match one stored job and keep its cluster; says what happened ("joined", "left", "alone", ...)."""
    job = Job.objects.select_related("company").filter(pk=job_id).first()
    if job is None:
        return "gone"
    keys = {"employer_key": name_key(employer_of(job))[:200], "title_key": title_key(_title(job))}
    if any(getattr(job, name) != value for name, value in keys.items()):
        Job.objects.filter(pk=job.pk).update(**keys)
        for name, value in keys.items():
            setattr(job, name, value)
    best = _best_match(job, _candidates(job)) if job.title_key else None
    with transaction.atomic():
        locked = [job.pk] + ([best[0].pk] if best else [])
        rows = {row.pk: row for row in Job.objects.select_for_update().filter(pk__in=locked).order_by("pk")}
        current = rows.get(job.pk)
        if current is None or current.content_hash != job.content_hash:
            return "changed"  # re-scraped meanwhile: its own task matches the new content
        if best is None or best[0].pk not in rows:
            if current.cluster_id is None:
                return "alone"
            if ClusterDecision.objects.filter(Q(job_a=job) | Q(job_b=job), same=True).exists():
                return "kept"  # an operator joined it: it stays whatever its text says now
            cluster_leave(current, match={"left": "no longer matches its cluster"})
            return "left"
        other, verdict = rows[best[0].pk], best[1]
        match = {"with": other.pk, "score": verdict.score, "reasons": list(verdict.reasons)}
        if other.cluster_id is not None and other.cluster_id == current.cluster_id:
            Job.objects.filter(pk=job.pk).update(cluster_match=match)
            return "kept"
        repost = other.status == Job.Status.CLOSED and current.status == Job.Status.OPEN
        cluster_join(job=current, other=other, match={**match, "repost": repost}, repost=repost)
        return "reposted" if repost else "joined"


def jobs_cluster_soon(job_ids: list[int]) -> None:
    """Match `job_ids` once the caller's transaction commits (a task on the scrape queue)."""
    from .tasks import cluster_jobs_task

    if job_ids:
        transaction.on_commit(lambda: cluster_jobs_task.delay(list(job_ids)))
