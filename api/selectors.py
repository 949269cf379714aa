"""Reads of the API: a page of jobs or companies after a cursor, and one job with its history.

Pages follow on by cursor (keyset pagination): a cursor holds the last record's place in the order, and the next page
is the records after it. Unlike an offset, a deep page costs what the first does, and a job listed or closed between
two pages neither repeats a record nor skips one."""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core import signing
from django.db.models import Q, QuerySet

from jobscraper import selectors
from jobscraper.filters import JobFilters
from jobscraper.models import Company, Job, JobChange

CURSOR_SALT = "api.cursor"


class BadCursor(ValueError):
    """A cursor this API did not give, or one given for another order or list."""


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_cursor: str | None


def _order(filters: JobFilters) -> str:
    # jobscraper.selectors.jobs_ordered: every sort but salary is newest first there.
    return "salary" if filters.sort == "salary" else "newest"


def _cursor_of(order: str, row: dict) -> str:
    """The cursor after `row`: its values of the order's keys, signed so that a page only ever starts where one
    ended (no signing timestamp: the same page always gives the same cursor, and the same ETag)."""
    if order == "salary":
        top = row["salary_base_max"]
        keys = [None if top is None else str(top), row["first_seen_at"].isoformat(), row["id"]]
    elif order == "newest":
        keys = [row["listed_at"].isoformat(), row["id"]]
    else:
        keys = [row["id"]]
    return signing.Signer(salt=CURSOR_SALT).sign_object([order, keys])


def _keys_of(order: str, cursor: str) -> list:
    try:
        given, keys = signing.Signer(salt=CURSOR_SALT).unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadCursor("The cursor is not one this API gave: pass next_cursor as it came.") from exc
    if given != order:
        raise BadCursor(f"The cursor continues the {given} order: keep the parameters of the page it came from.")
    return keys


def _after(order: str, keys: list) -> Q:
    """The rows after the one whose order keys are `keys`, in the order of jobs_ordered (both descending, each ending
    in a unique id). Newest first is written as a range on listed_at and a tie-break, which its index answers."""
    if order == "newest":
        listed, pk = datetime.fromisoformat(keys[0]), keys[1]
        return Q(listed_at__lte=listed) & (Q(listed_at__lt=listed) | Q(id__lt=pk))
    if order == "salary":
        top, seen, pk = keys
        seen = datetime.fromisoformat(seen)
        tie = Q(first_seen_at__lt=seen) | Q(first_seen_at=seen, id__lt=pk)
        if top is None:  # among the jobs without pay, which come last
            return Q(salary_base_max__isnull=True) & tie
        top = Decimal(top)
        return Q(salary_base_max__lt=top) | Q(salary_base_max__isnull=True) | (Q(salary_base_max=top) & tie)
    return Q(id__gt=keys[0])


def _page(rows: QuerySet, *, order: str, cursor: str, limit: int) -> Page:
    if cursor:
        keys = _keys_of(order, cursor)
        try:
            rows = rows.filter(_after(order, keys))
        except (ValueError, TypeError, IndexError, ArithmeticError) as exc:  # signed by us, but in another form
            raise BadCursor("The cursor is not one this API gave: pass next_cursor as it came.") from exc
    found = list(rows[: limit + 1])
    more = len(found) > limit
    return Page(found[:limit], _cursor_of(order, found[limit - 1]) if more else None)


def job_page(*, filters: JobFilters, cursor: str, limit: int) -> Page:
    """Up to `limit` public jobs matching `filters` in the list's order (jobscraper.selectors: the one definition of
    what matches and in what order), after `cursor`, as export records' rows."""
    order = _order(filters)
    jobs = selectors.jobs_ordered(selectors.job_filter_public(filters=filters), order)
    rows = selectors.job_records(jobs, "listed_at")
    return _page(rows, order=order, cursor=cursor, limit=limit)


@dataclass(frozen=True)
class JobWithHistory:
    row: dict  # an export record's row, with status, closed_at and close_reason
    history: list[JobChange]


def job_with_history(*, pk: int) -> JobWithHistory:
    """A job a visitor may open (a closed one too), and its public history; Job.DoesNotExist for any other."""
    job = selectors.job_get_public(pk=pk)
    row = selectors.job_records(Job.objects.filter(pk=pk), "status", "closed_at", "close_reason").get()
    return JobWithHistory(row, selectors.job_history(job=job))


def company_page(*, cursor: str, limit: int) -> Page:
    """Up to `limit` companies, in the order they were added, after `cursor`."""
    rows = Company.objects.order_by("id").values("id", "name", "careers_url")
    return _page(rows, order="companies", cursor=cursor, limit=limit)
