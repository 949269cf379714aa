"""A saved search's new matches, claimed once: the one selection that alerts' digests and webhooks' deliveries share.
Each claim is a row holding the jobs, created in the transaction that moves the search's cursor past them."""
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache

from django.db import models, transaction
from django.http import QueryDict

from extraction.cities import coordinates_of
from jobscraper.filters import JobFilters, job_filters_parse

from .selectors import digest_first_id, digest_job_ids

# A claim covers jobs first seen up to this long before it runs: a scrape may still hold a job first seen a moment
# ago in its open transaction (a cursor at "now" would pass it before it commits), and its fields (the place, the
# salary) that a search filters on come with its extraction, a little later.
SETTLE = timedelta(minutes=15)
# Searches locked and claimed per transaction: one listing query per distinct (search, cursor) among them, a few ms each.
CLAIM_BATCH = 500


@lru_cache(maxsize=4096)
def _filters(query: str) -> JobFilters:
    """A saved search as the listing reads its URL (its place looked up once per process)."""
    return job_filters_parse(QueryDict(query), place_of=coordinates_of)


def matches_claim(searches: models.QuerySet, *, until: datetime, cap: int,
                  claim: Callable[[models.Model, datetime, list[int], bool], models.Model],
                  names: tuple[str, str]) -> Counter:
    """For each of `searches` (saved searches with a `query` and a `covered_until` cursor: alerts, webhooks) whose
    cursor is before `until`, the listing's first `cap` matches first seen in (cursor, until], in its order: `claim`
    (search, cursor, job ids, whether more matched) makes the unsaved row holding them, created in the transaction
    that moves the searches' cursor to `until`. A search without matches has its cursor moved and no row. Searches
    another worker is claiming are skipped (locked), not waited for. Counted as `names` (what is checked, what is
    claimed): "alerts checked", "digests claimed"."""
    checked, claimed = names
    counts, first_ids = Counter(), {}  # first_ids: cursor -> digest_first_id, asked once per run
    while True:
        with transaction.atomic():
            batch = list(
                searches.filter(covered_until__lt=until)
                # by search, so that searches alike fall in one batch and share their query
                .select_for_update(skip_locked=True).order_by("query", "covered_until", "id")[:CLAIM_BATCH]
            )
            if not batch:
                return counts
            # Searches with the same query and cursor have the same matches: one listing query for each such group.
            groups = defaultdict(list)
            for search in batch:
                groups[(search.query, search.covered_until)].append(search)
            rows = []
            for (query, after), group in groups.items():
                if after not in first_ids:
                    first_ids[after] = digest_first_id(after=after)
                if first_ids[after] is None:
                    continue  # no job at all first seen since this cursor: nothing to ask each search
                ids, more = digest_job_ids(filters=_filters(query), after=after, until=until,
                                           first_id=first_ids[after], cap=cap)
                counts["searches queried"] += 1
                rows += [claim(search, after, ids, more) for search in group if ids]
            if rows:
                type(rows[0]).objects.bulk_create(rows)
            searches.model.objects.filter(pk__in=[search.pk for search in batch]).update(covered_until=until)
        counts[checked] += len(batch)
        counts[claimed] += len(rows)
