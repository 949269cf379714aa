"""Postings that are one job, kept together: the employer's own posting, a job board's copy of it, the same job on
two boards, and a repost under a new id within REPOST_WINDOW of the earlier one closing.

A cluster holds two postings or more (a job alone has none). The public list shows the first public member in the
order `SHOWN_FIRST` (the employer's own posting before a job board's copy, then the earliest seen). Each job stores
whether a member that shows (open and not rejected) comes before it (`Job.behind_in_cluster`), so that the list reads a
column instead of probing every clustered row's cluster; every change that moves it (a member joining, leaving,
closing, reopening, rejected or approved, deleted) stores it again (`clusters_order_store`), and `clusters_order_check`
puts right what a write skipped. `ClusterDecision` keeps an operator's word that two postings are, or are not, one job;
matching (extraction.clustering) reads it before scoring, so a split or a merge made by hand sticks.
"""
from collections import defaultdict
from datetime import timedelta
from itertools import combinations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Least
from django.utils import timezone

REPOST_WINDOW = timedelta(days=60)  # a job closed longer ago than this is not the same job posted again
SHOWN_FIRST = ("from_job_board", "first_seen_at", "id")  # members in the order the public list prefers them


class JobCluster(models.Model):
    first_seen_at = models.DateTimeField("first seen", help_text="When its earliest posting was first seen.")
    reposted_at = models.DateTimeField(
        "reposted", null=True, blank=True,
        help_text="When a posting came back under a new id within 60 days of its earlier one closing.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "job cluster"
        ordering = ["-first_seen_at", "-id"]

    def __str__(self):
        return f"cluster {self.pk}" + (" (reposted)" if self.reposted_at else "")


class ClusterDecision(models.Model):
    """An operator's word on two postings: one job (merged by hand) or two (split by hand). Kept per ordered pair."""

    job_a = models.ForeignKey("jobscraper.Job", verbose_name="job", on_delete=models.CASCADE, related_name="+")
    job_b = models.ForeignKey("jobscraper.Job", verbose_name="other job", on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField("one job", help_text="Whether the operator said the two postings are one job.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="decided by", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("decided", default=timezone.now)

    class Meta:
        verbose_name = "cluster decision"
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job_a", "job_b"], name="cluster_decision_once_a_pair"),
            models.CheckConstraint(condition=Q(job_a__lt=models.F("job_b")), name="cluster_decision_ordered_pair"),
        ]

    def __str__(self):
        return f"jobs {self.job_a_id} and {self.job_b_id}: {'one job' if self.same else 'two jobs'}"


def _shown_before() -> Q:
    """A member the public list prefers to the outer job (OuterRef): in SHOWN_FIRST's order."""
    board, seen = OuterRef("from_job_board"), OuterRef("first_seen_at")
    return (
        Q(from_job_board__lt=board)
        | Q(from_job_board=board, first_seen_at__lt=seen)
        | Q(from_job_board=board, first_seen_at=seen, pk__lt=OuterRef("pk"))
    )


def _shows() -> Q:
    """A member that the stored order counts as showing: open and not rejected (public() with unreviewed jobs public)."""
    return Q(status="open") & ~Q(review_status="rejected")


def one_per_cluster(jobs: models.QuerySet) -> models.QuerySet:
    """`jobs` less every member of a cluster whose preferred public member is another job: one row per job.

    With unreviewed jobs public, public() is `_shows()`, so the stored flag says it all. With approved jobs only, a
    job behind an unreviewed member may still be the first public one: those (and only those) are probed."""
    if settings.PUBLIC_UNREVIEWED_JOBS:
        return jobs.filter(behind_in_cluster=False)
    ahead = jobs.model.objects.public().filter(cluster=OuterRef("cluster")).filter(_shown_before())
    return jobs.filter(Q(behind_in_cluster=False) | ~Exists(ahead))


def members_behind(members) -> dict[int, bool]:
    """For each member, as (pk, cluster id, shows) in cluster and `SHOWN_FIRST` order: whether a member of its cluster
    that shows comes before it. A job in no cluster (cluster id None) is behind nothing."""
    behind, shown = {}, set()
    for pk, cluster_id, shows in members:
        behind[pk] = cluster_id is not None and cluster_id in shown
        if shows and cluster_id is not None:
            shown.add(cluster_id)
    return behind


def clusters_order_store(*, clusters=(), jobs=()) -> int:
    """Store `behind_in_cluster` for every member of `clusters`, of the clusters `jobs` are in now, and for `jobs`;
    call it in the transaction that changed them, after the change. Writes only the rows whose flag changes; a row
    another transaction holds is left to that transaction's own call, or to `clusters_order_check`, rather than waited
    for (a wait here could close a deadlock with a sweep closing the same rows). Returns how many rows it wrote."""
    Job, jobs = _jobs(), list(jobs)
    wanted = set(clusters) - {None}
    if jobs:
        wanted |= set(Job.objects.filter(pk__in=jobs, cluster__isnull=False).values_list("cluster_id", flat=True))
    if not wanted and not jobs:
        return 0
    rows = list(
        Job.objects.filter(Q(cluster_id__in=wanted) | Q(pk__in=jobs))
        .annotate(shows=Case(When(_shows(), then=Value(True)), default=Value(False)))
        .order_by("cluster_id", *SHOWN_FIRST).values_list("pk", "cluster_id", "shows", "behind_in_cluster")
    )
    behind = members_behind((pk, cluster_id, shows) for pk, cluster_id, shows, _ in rows)
    changing = [pk for pk, _, _, stored in rows if behind[pk] != stored]
    if not changing:
        return 0
    with transaction.atomic():
        free = list(Job.objects.filter(pk__in=changing).select_for_update(skip_locked=True).values_list("pk", flat=True))
        for value in (True, False):
            Job.objects.filter(pk__in=[pk for pk in free if behind[pk] is value]).update(behind_in_cluster=value)
    return len(free)


def clusters_order_check() -> int:
    """Put right every stored `behind_in_cluster` that disagrees with the members as they are now (a row skipped as
    locked, a process killed between a change and its store): one read over the clustered rows. Returns how many."""
    Job = _jobs()
    ahead = Job.objects.filter(_shows(), cluster=OuterRef("cluster")).filter(_shown_before())
    wrong = (
        Job.objects.filter(Q(cluster__isnull=False) | Q(behind_in_cluster=True)).annotate(ahead=Exists(ahead))
        .filter(Q(behind_in_cluster=True, ahead=False) | Q(behind_in_cluster=False, ahead=True))
    )
    return clusters_order_store(jobs=list(wrong.values_list("pk", flat=True)))


def cluster_members(job) -> list:
    """Every posting of `job`'s cluster, itself included, in the order the list prefers them; [job] when it has none."""
    if job.cluster_id is None:
        return [job]
    return list(type(job).objects.filter(cluster_id=job.cluster_id).select_related("company").order_by(*SHOWN_FIRST))


def _decide(first: int, second: int, *, same: bool, by) -> None:
    job_a, job_b = sorted((first, second))
    ClusterDecision.objects.update_or_create(
        job_a_id=job_a, job_b_id=job_b, defaults={"same": same, "decided_by": by, "decided_at": timezone.now()}
    )


def _jobs():
    """The job model (jobscraper.models imports this module)."""
    return JobCluster.jobs.field.model


def _tidy(cluster_ids) -> None:
    """Clusters left with one member are dissolved; the others' first-seen is their earliest member's."""
    clusters = JobCluster.objects.filter(pk__in=set(cluster_ids) - {None})
    alone = list(clusters.annotate(members=Count("jobs")).filter(members__lt=2).values_list("pk", flat=True))
    if alone:
        _jobs().objects.filter(cluster_id__in=alone).update(cluster=None, behind_in_cluster=False)
        JobCluster.objects.filter(pk__in=alone).delete()
    earliest = _jobs().objects.filter(cluster=OuterRef("pk")).values("cluster").annotate(first=Min("first_seen_at"))
    clusters.exclude(pk__in=alone).update(first_seen_at=Subquery(earliest.values("first")), updated_at=timezone.now())


def _shows_row(job) -> bool:
    """`_shows()` of a row in hand."""
    return job.status == "open" and job.review_status != "rejected"


def _shown_first_key(job) -> tuple:
    return tuple(getattr(job, name) for name in SHOWN_FIRST)


class ClusterJoins:
    """Postings joining other postings' clusters, written together (`write`) in a few statements whatever their number:
    the clusters made in one INSERT, those joined in one UPDATE, the joining rows' cluster, why (`match`) and list order
    in one UPDATE. A join is seen at once by the next (`add` sets both rows' `cluster_id`, a made cluster's as a
    stand-in below zero until the write), so that a batch's postings join each other as they would one at a time.

    The caller holds every row it passes locked; it writes what is pending before anything that reads clusters from
    the database (a posting leaving a cluster, which may dissolve it), and stores the order of the clusters joined and
    left (`clusters_order_store`) after the write, before its transaction ends. A repost marks its cluster reposted."""

    def __init__(self):
        self._clear()

    def _clear(self) -> None:
        self._made, self._joined = {}, {}  # cluster (stand-in or id) -> [earliest first seen, reposted]
        self._rows, self._matches, self._left = {}, {}, set()

    def add(self, *, job, other, match: dict, repost: bool) -> int:
        """Put `job` in `other`'s cluster (one made for both where `other` has none). Returns the cluster's id, or its
        stand-in until the write."""
        if job.cluster_id is not None:
            self._left.add(job.cluster_id)
        if other.cluster_id is None:
            other.cluster_id = -len(self._made) - 1
            self._made[other.cluster_id] = [other.first_seen_at, False]
            self._rows[other.pk] = other
        cluster = self._made.get(other.cluster_id) or self._joined.setdefault(other.cluster_id, [job.first_seen_at, False])
        cluster[0], cluster[1] = min(cluster[0], job.first_seen_at), cluster[1] or repost
        job.cluster_id = other.cluster_id
        self._rows[job.pk], self._matches[job.pk] = job, match
        return job.cluster_id

    def why(self, row, match: dict) -> bool:
        """Record why `row` is in its cluster, where it joins one in this batch (written with its join); False where
        it does not."""
        if row.pk not in self._rows:
            return False
        self._matches[row.pk] = match
        return True

    def write(self) -> None:
        """Write the joins added since the last write; the rows passed to `add` get their clusters' ids."""
        if not self._rows:
            return
        now = timezone.now()
        made = JobCluster.objects.bulk_create(
            [JobCluster(first_seen_at=first, reposted_at=now if reposted else None) for first, reposted in
             self._made.values()]
        )
        ids = dict(zip(self._made, (cluster.pk for cluster in made)))
        for row in self._rows.values():
            row.cluster_id = ids.get(row.cluster_id, row.cluster_id)
        if self._joined:
            first = Case(*(When(pk=pk, then=Value(seen)) for pk, (seen, _) in self._joined.items()),
                         output_field=models.DateTimeField())
            reposted = [pk for pk, (_, repost) in self._joined.items() if repost]
            JobCluster.objects.filter(pk__in=self._joined).update(
                first_seen_at=Least("first_seen_at", first), updated_at=now,
                reposted_at=Case(When(pk__in=reposted, then=Value(now)), default=F("reposted_at")),
            )
        behind, members = self._order(), defaultdict(list)
        for pk, row in self._rows.items():
            members[row.cluster_id].append(pk)
        # One branch a cluster, not a row: building the statement's branches costs more than running it.
        _jobs().objects.filter(pk__in=self._rows).update(
            cluster=Case(*(When(pk__in=pks, then=Value(cluster_id)) for cluster_id, pks in members.items())),
            cluster_match=Case(
                *(When(pk=pk, then=Value(match, output_field=models.JSONField())) for pk, match in self._matches.items()),
                default=F("cluster_match"),
            ),
            behind_in_cluster=Case(When(pk__in=[pk for pk in self._rows if behind[pk]], then=True), default=False),
        )
        if self._left:
            _tidy(self._left)
        self._clear()

    def _order(self) -> dict[int, bool]:
        """Whether each joining row is behind a member that shows (`members_behind`): the members in hand, and those
        of the clusters joined read once. A member already there that a newcomer puts behind is the caller's
        `clusters_order_store` to write."""
        members = {pk: (row.cluster_id, _shown_first_key(row), _shows_row(row)) for pk, row in self._rows.items()}
        there = (
            _jobs().objects.filter(cluster_id__in=self._joined).exclude(pk__in=self._rows)
            .annotate(shows=Case(When(_shows(), then=Value(True)), default=Value(False)))
            .values_list("pk", "cluster_id", *SHOWN_FIRST, "shows")
        )
        for pk, cluster_id, *order, shows in there:
            members[pk] = (cluster_id, tuple(order), shows)
        ordered = sorted(members.items(), key=lambda member: (member[1][0], member[1][1]))
        return members_behind((pk, cluster_id, shows) for pk, (cluster_id, _, shows) in ordered)


def clusters_members_gone(cluster_ids) -> None:
    """After members of `cluster_ids` were deleted: a cluster left with one member is dissolved, the others' order is
    stored again."""
    _tidy(cluster_ids)
    clusters_order_store(clusters=cluster_ids)


def cluster_leave(job, *, match: dict) -> None:
    """Take `job` out of its cluster (its postings no longer read as one job), recording why; the caller stores the
    order of the cluster it left (`clusters_order_store`), as for `ClusterJoins`."""
    left = job.cluster_id
    type(job).objects.filter(pk=job.pk).update(cluster=None, cluster_match=match, behind_in_cluster=False)
    _tidy([left])


def jobs_merge(jobs: models.QuerySet, *, by) -> JobCluster:
    """An operator says `jobs` (two or more) are one job: they and their clusters' members become one cluster, and
    each pair of `jobs` is recorded as one job, so that matching never parts them."""
    with transaction.atomic():
        chosen = list(jobs.select_for_update().order_by("pk"))
        if len(chosen) < 2:
            raise ValueError("merging takes two jobs or more")
        for first, second in combinations(chosen, 2):
            _decide(first.pk, second.pk, same=True, by=by)
        clusters = {job.cluster_id for job in chosen} - {None}
        kept = JobCluster.objects.filter(pk__in=clusters).order_by("pk").first() or JobCluster.objects.create(
            first_seen_at=min(job.first_seen_at for job in chosen)
        )
        members = jobs.model.objects.filter(Q(pk__in=[job.pk for job in chosen]) | Q(cluster__in=clusters))
        members.update(cluster=kept)
        jobs.model.objects.filter(pk__in=[job.pk for job in chosen]).update(cluster_match={"by": "operator"})
        _tidy([kept.pk, *clusters])
        clusters_order_store(clusters=[kept.pk])
        return kept


def jobs_split(jobs: models.QuerySet, *, by) -> int:
    """An operator says each of `jobs` is not the same job as the rest of its cluster: it leaves the cluster, and
    each pair it made with the others is recorded as two jobs. Returns how many left a cluster."""
    with transaction.atomic():
        chosen = list(jobs.filter(cluster__isnull=False).select_for_update().order_by("pk"))
        for job in chosen:
            others = jobs.model.objects.filter(cluster_id=job.cluster_id).exclude(pk=job.pk).values_list("pk", flat=True)
            for other in others:
                _decide(job.pk, other, same=False, by=by)
            cluster_leave(job, match={"by": "operator", "split": True})
        clusters_order_store(clusters={job.cluster_id for job in chosen})
        return len(chosen)
