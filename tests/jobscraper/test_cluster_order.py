"""Which posting of a job the list shows is stored on each job (jobscraper.clusters): every path that moves it stores
it again through the real services (closing, a reopening scrape, review, reviewer edits, merge, split, delete), a row
another transaction holds is skipped without waiting and put right by the check, and with approved jobs only the list
still shows the first approved posting."""
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from jobscraper import services
from jobscraper.clusters import (
    clusters_order_check, clusters_order_store, jobs_merge, jobs_split, members_behind,
)
from jobscraper.filters import job_filters_parse
from jobscraper.models import Job
from jobscraper.selectors import job_filter_public
from scraping.closing import jobs_close
from scraping.services import job_upsert
from scraping.sources import Posting
from tests.builders import make_job, plain_company
from tests.locks import row_locked_elsewhere

NOW = timezone.now()


def _listed() -> list[int]:
    return sorted(job_filter_public(filters=job_filters_parse(QueryDict(""))).values_list("pk", flat=True))


def _stored_order() -> dict[int, bool]:
    return dict(Job.objects.values_list("pk", "behind_in_cluster"))


def _cluster(company, board, *, admin):
    """The employer's posting (seen last), and two job boards' copies seen before it: one job, three postings."""
    own = make_job(company, external_id="own", first_seen_at=NOW)
    early = make_job(board, external_id="early", source_origin="board", first_seen_at=NOW - timedelta(days=3))
    late = make_job(board, external_id="late", source_origin="board", first_seen_at=NOW - timedelta(days=1))
    jobs_merge(Job.objects.filter(pk__in=[own.pk, early.pk, late.pk]), by=admin)
    return own, early, late


def test_members_behind_counts_only_members_that_show_before_them():
    rows = [(1, 10, False), (2, 10, True), (3, 10, True), (4, None, True), (5, 20, True), (6, 20, False)]
    assert members_behind(rows) == {1: False, 2: False, 3: True, 4: False, 5: False, 6: True}
    assert members_behind([]) == {}


@pytest.mark.django_db
def test_every_change_through_the_services_keeps_the_stored_order_and_the_list_right(admin_user):
    company, board = plain_company(name="Acme"), plain_company(name="Boards")
    own, early, late = _cluster(company, board, admin=admin_user)
    assert _listed() == [own.pk]  # the employer's own posting first, whenever it was seen
    assert _stored_order() == {own.pk: False, early.pk: True, late.pk: True}

    jobs_close(jobs=[own], reason=Job.CloseReason.GONE, now=NOW)
    assert _listed() == [early.pk]  # then the board copy seen first

    services.jobs_review(jobs=Job.objects.filter(pk=early.pk), status=Job.ReviewStatus.REJECTED, by=admin_user)
    assert _listed() == [late.pk]

    # the employer lists its posting again: a scrape reopens it, and it shows ahead of both copies
    job_upsert(company=company, posting=Posting(external_id="own", text="Job 1"), seen_at=NOW)
    assert _listed() == [own.pk]

    own.refresh_from_db()
    own.review_status = Job.ReviewStatus.REJECTED  # a reviewer rejects it from its admin page
    services.job_save_reviewer_edits(job=own, fields=["review_status"], by=admin_user)
    assert _listed() == [late.pk]

    services.jobs_review(jobs=Job.objects.filter(pk=early.pk), status=Job.ReviewStatus.APPROVED, by=admin_user)
    assert _listed() == [early.pk]

    jobs_split(Job.objects.filter(pk=early.pk), by=admin_user)
    assert _listed() == [early.pk, late.pk]  # two jobs now, each shown
    assert clusters_order_check() == 0  # nothing the paths above left wrong

    services.jobs_delete(jobs=Job.objects.filter(pk=own.pk))  # the cluster is left with one posting: dissolved
    late.refresh_from_db()
    assert (late.cluster_id, late.behind_in_cluster) == (None, False)
    assert _listed() == [early.pk, late.pk]


@pytest.mark.django_db
def test_a_scrape_that_changes_a_postings_origin_moves_it_in_its_clusters_order(admin_user):
    company, board = plain_company(name="Acme"), plain_company(name="Boards")
    own, early, late = _cluster(company, board, admin=admin_user)
    # the board row now reads as an employer's own posting, seen before `own`: it comes first
    job_upsert(company=board, posting=Posting(external_id="late", text="Job 3, from the ATS now"), seen_at=NOW)
    assert Job.objects.get(pk=late.pk).source_origin == "ats"
    assert _listed() == [late.pk]


@pytest.mark.django_db
def test_deleting_a_company_leaves_its_postings_copies_shown(admin_user):
    company, board = plain_company(name="Acme"), plain_company(name="Boards")
    own, early, late = _cluster(company, board, admin=admin_user)
    services.company_delete(company=company)
    assert _listed() == [early.pk]
    assert Job.objects.get(pk=early.pk).cluster_id is not None
    assert clusters_order_check() == 0


@pytest.mark.django_db
def test_with_approved_jobs_only_the_first_approved_posting_shows(settings, admin_user):
    settings.PUBLIC_UNREVIEWED_JOBS = False
    company, board = plain_company(name="Acme"), plain_company(name="Boards")
    own, early, late = _cluster(company, board, admin=admin_user)
    assert _listed() == []  # none approved yet
    services.jobs_review(jobs=Job.objects.filter(pk=late.pk), status=Job.ReviewStatus.APPROVED, by=admin_user)
    assert _listed() == [late.pk]  # behind two unreviewed postings, yet the first public one
    services.jobs_review(jobs=Job.objects.filter(pk=own.pk), status=Job.ReviewStatus.APPROVED, by=admin_user)
    assert _listed() == [own.pk]


@pytest.mark.django_db
def test_a_flag_written_behind_the_services_back_is_put_right_by_the_check(admin_user):
    company, board = plain_company(name="Acme"), plain_company(name="Boards")
    own, early, late = _cluster(company, board, admin=admin_user)
    Job.objects.filter(pk=own.pk).update(status="closed")  # as a process killed before storing the order leaves it
    assert _listed() == []
    assert clusters_order_check() == 1
    assert _listed() == [early.pk]
    assert clusters_order_check() == 0


@pytest.mark.django_db(transaction=True)
def test_a_row_another_transaction_holds_is_skipped_not_waited_for_then_put_right(admin_user):
    company, board = plain_company(name="Acme"), plain_company(name="Boards")
    own, early, late = _cluster(company, board, admin=admin_user)
    Job.objects.filter(pk=own.pk).update(status="closed")
    with row_locked_elsewhere(Job, early.pk):
        assert clusters_order_store(jobs=[own.pk]) == 0  # early's row is held: skipped, at once
        assert _listed() == []
    assert clusters_order_check() == 1
    assert _listed() == [early.pk]
