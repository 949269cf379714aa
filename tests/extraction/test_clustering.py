"""Keeping clusters of one job on PostgreSQL (extraction.clustering, jobscraper.clusters): real labelled pairs
(tests/fixtures/duplicates) stored as jobs, matched through the candidates index, shown once on the public list,
and an operator's split or merge that sticks when matching runs again."""
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from extraction.clustering import job_cluster, jobs_cluster
from extraction.duplicates.employers import name_key
from jobscraper.clusters import jobs_merge, jobs_split
from jobscraper.fields import EVIDENCE
from jobscraper.filters import job_filters_parse
from jobscraper.models import ClusterDecision, Company, Job, JobCluster, SourceKind
from jobscraper.selectors import job_filter_public
from jobscraper.services import company_save, jobs_review
from scraping.closing import jobs_close
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

PAIRS = {
    pair["id"]: pair
    for name in ("pairs.json", "new_pairs.json")
    for pair in json.loads(
        (Path(__file__).resolve().parents[1] / "fixtures" / "duplicates" / name).read_text(encoding="utf-8")
    )["pairs"]
}


def _stored(side: dict, company: Company, *, board: bool = False, **fields) -> Job:
    """One side of a real pair as a stored, extracted job of `company`."""
    seen = timezone.make_aware(timezone.datetime.fromisoformat(side.get("seen_from") or "2025-10-01"))
    values = {
        "external_id": f"{side['source']}:{side['external_id']}" if board else side["external_id"],
        "source_url": side.get("url") or f"https://{side['source']}.example/{side['external_id']}",
        "title": side["title"].strip(), "description_html": side["description"],
        "locations": [{"name": place} for place in side["locations"]],
        "first_seen_at": seen, "last_seen_at": seen,
    }
    if board:
        values |= {"source_origin": "board", "source_data": {"company": side["company"].strip()}}
    return make_job(company, **{**values, **fields})


def _employer(pair: dict) -> Company:
    return plain_company(name=pair["a"]["company"].strip().replace(" ", "") or "Employer")


def _board_company(name: str = "Job boards") -> Company:
    return company_save(company=Company(
        name=name, careers_url="https://www.linkedin.com/jobs", source_kind=SourceKind.JOB_BOARDS,
        source_params={"company_names": []},
    ))


def _listed() -> list[int]:
    return sorted(job_filter_public(filters=job_filters_parse(QueryDict(""))).values_list("pk", flat=True))


def _reload(*jobs: Job) -> list[Job]:
    for job in jobs:
        job.refresh_from_db()
    return list(jobs)


def test_a_repost_joins_the_closed_job_and_the_list_shows_it_once():
    pair = PAIRS["repost-01-konradgroup"]  # Greenhouse: one requisition closed, then posted under a new id
    employer = _employer(pair)
    earlier = _stored(pair["a"], employer, status="closed", close_reason="gone",
                      closed_at=timezone.now() - timedelta(days=3))
    again = _stored(pair["b"], employer)

    assert job_cluster(earlier.pk) == "alone"  # nothing else of the employer yet: no cluster
    assert job_cluster(again.pk) == "reposted"

    earlier, again = _reload(earlier, again)
    assert earlier.cluster_id == again.cluster_id is not None
    assert again.cluster.reposted_at is not None
    assert again.cluster_match["with"] == earlier.pk and again.cluster_match["repost"] is True
    assert again.cluster.first_seen_at == earlier.first_seen_at
    assert _listed() == [again.pk]  # the closed one is not public anyway; the repost is listed once


def test_an_employers_posting_is_shown_before_a_job_boards_copy_until_it_closes(client, admin_user):
    pair = PAIRS["ats-linkedin-airtable"]  # Greenhouse posting, and LinkedIn's row whose apply URL is it
    own = _stored(pair["a"], _employer(pair), first_seen_at=timezone.now())
    # The board's copy was seen first: the employer's own posting is still the one shown.
    copy = _stored(pair["b"], _board_company(), board=True, first_seen_at=timezone.now() - timedelta(days=2))

    assert job_cluster(own.pk) == "alone"  # stored first: its keys are what the copy's candidates are found by
    assert job_cluster(copy.pk) == "joined"
    own, copy = _reload(own, copy)
    assert own.cluster_id == copy.cluster_id is not None
    assert _listed() == [own.pk]

    page = client.get(reverse("job_detail", args=[own.pk])).content.decode()
    assert "Where this job is listed" in page
    assert "Airtable&#x27;s own job board (this page)" in page and "linkedin.com" in page
    assert reverse("job_detail", args=[copy.pk]) in page  # the copy's own page stays reachable
    copy_page = client.get(reverse("job_detail", args=[copy.pk])).content.decode()
    assert f'<link rel="canonical" href="http://testserver{reverse("job_detail", args=[own.pk])}">' in copy_page

    jobs_close(jobs=[own], reason=Job.CloseReason.GONE, now=timezone.now())
    assert _listed() == [copy.pk]  # the employer's posting closed: the board's copy shows instead
    jobs_review(jobs=Job.objects.filter(pk=copy.pk), status=Job.ReviewStatus.REJECTED, by=admin_user)
    assert _listed() == []


def test_two_posts_of_one_greenhouse_job_listed_side_by_side_are_one_job_by_the_ats_job_id_they_keep():
    # Agoda posts Greenhouse job 963253 twice in Bangkok, listed together, one title adding ", AI": without the ATS job
    # id, two postings up side by side with other titles are two openings
    pair = PAIRS["new-double-10-agoda"]
    employer = _employer(pair)
    until = [timezone.make_aware(timezone.datetime.fromisoformat(side["seen_until"])) for side in (pair["a"], pair["b"])]
    posts = [_stored(side, employer, last_seen_at=last) for side, last in zip((pair["a"], pair["b"]), until)]
    assert [job_cluster(job.pk) for job in posts] == ["alone", "alone"]

    # stored as the Greenhouse adapter keeps it, in the posts' source data: one job
    for job, side in zip(posts, (pair["a"], pair["b"])):
        job.source_data = {EVIDENCE: {"ats_job_id": str(side["internal_job_id"])}}
        job.save(update_fields=["source_data"])
    assert job_cluster(posts[1].pk) == "joined"
    first, second = _reload(*posts)
    assert first.cluster_id == second.cluster_id is not None
    assert second.cluster_match["reasons"][0] == "exact: posts of one ATS job (963253)"
    assert len(_listed()) == 1


def test_the_same_employers_other_job_stays_apart():
    pair = PAIRS["near-seniority-01-reddit"]  # Senior and Staff Data Scientist, Ads
    employer = _employer(pair)
    senior, staff = _stored(pair["a"], employer), _stored(pair["b"], employer)

    assert job_cluster(staff.pk) == "alone"
    assert job_cluster(senior.pk) == "alone"
    assert JobCluster.objects.count() == 0
    assert _listed() == sorted([senior.pk, staff.pk])


def test_candidates_come_from_the_index_among_many_jobs_of_the_employer():
    # Thirty real titles of other roles, stored under this one employer: the duplicate is found among them.
    pair = PAIRS["repost-17-anaplan"]
    employer = _employer(pair)
    others = [other["a"]["title"].strip() for other in PAIRS.values() if "Account Executive" not in other["a"]["title"]]
    for title in others[:30]:
        make_job(employer, title=title)
    first = _stored(pair["a"], employer)
    for job in Job.objects.all():
        job_cluster(job.pk)
    again = _stored(pair["b"], employer, external_id="again")

    assert job_cluster(again.pk) == "joined"
    assert _reload(again)[0].cluster.jobs.count() == 2 and _reload(first)[0].cluster_id == again.cluster_id
    # another employer's identical title is never a candidate
    elsewhere = _stored(pair["b"], plain_company(name="SomeoneElse"), external_id="elsewhere")
    assert job_cluster(elsewhere.pk) == "alone"


def test_a_changed_posting_leaves_a_cluster_it_no_longer_matches():
    pair, near = PAIRS["repost-09-faire"], PAIRS["near-seniority-04-toast"]
    employer = _employer(pair)
    first, second = _stored(pair["a"], employer), _stored(pair["b"], employer, external_id="second")
    job_cluster(first.pk)
    assert job_cluster(second.pk) == "joined"

    Job.objects.filter(pk=second.pk).update(title=near["b"]["title"], content_hash="f" * 64)
    assert job_cluster(second.pk) == "left"
    assert _reload(first, second)[1].cluster_id is None and first.cluster_id is None
    assert JobCluster.objects.count() == 0  # a cluster of one is no cluster


def test_an_operators_split_and_merge_stick_when_matching_runs_again(admin_user):
    same, apart = PAIRS["repost-14-catawiki"], PAIRS["near-team-12-klaviyo"]
    catawiki, klaviyo = _employer(same), _employer(apart)
    one, two = _stored(same["a"], catawiki), _stored(same["b"], catawiki, external_id="two")
    editors, flows = _stored(apart["a"], klaviyo), _stored(apart["b"], klaviyo)
    job_cluster(one.pk)
    assert job_cluster(two.pk) == "joined"

    assert jobs_split(Job.objects.filter(pk=two.pk), by=admin_user) == 1
    assert job_cluster(two.pk) == "alone" and job_cluster(one.pk) == "alone"
    assert ClusterDecision.objects.get(job_a=one, job_b=two).same is False

    cluster = jobs_merge(Job.objects.filter(pk__in=[editors.pk, flows.pk]), by=admin_user)
    assert job_cluster(flows.pk) == "kept" and job_cluster(editors.pk) == "kept"
    assert set(cluster.jobs.values_list("pk", flat=True)) == {editors.pk, flows.pk}
    assert len(_listed()) == 3  # one, two, and the merged pair once


def test_a_posting_said_apart_from_one_member_does_not_join_its_cluster(admin_user):
    pair = PAIRS["double-01-impact"]  # Impact.com's one role listed twice
    employer = _employer(pair)
    one, two = _stored(pair["a"], employer), _stored(pair["b"], employer, external_id="two")
    job_cluster(one.pk)
    job_cluster(two.pk)
    third = _stored(pair["b"], employer, external_id="three")
    jobs_merge(Job.objects.filter(pk__in=[one.pk, two.pk]), by=admin_user)
    ClusterDecision.objects.create(job_a=one, job_b=third, same=False, decided_by=admin_user)

    assert job_cluster(third.pk) == "alone"  # it matches two, but an operator parted it from one, in that cluster


def test_admin_merges_and_splits_from_the_changelist_and_shows_the_postings(admin_client):
    pair = PAIRS["double-04-yassir"]
    employer = _employer(pair)
    one, two = _stored(pair["a"], employer), _stored(pair["b"], employer, external_id="two")
    changelist = reverse("admin:jobscraper_job_changelist")

    admin_client.post(changelist, {"action": "merge_into_one_job", "_selected_action": [one.pk, two.pk]})
    one, two = _reload(one, two)
    assert one.cluster_id == two.cluster_id is not None
    page = admin_client.get(reverse("admin:jobscraper_job_change", args=[one.pk])).content.decode()
    assert "Postings of this job" in page and "merged by an operator" in page
    assert admin_client.get(changelist, {"cluster": "any"}).context["cl"].result_count == 2
    assert admin_client.get(reverse("admin:jobscraper_jobcluster_changelist")).status_code == 200

    admin_client.post(changelist, {"action": "split_from_cluster", "_selected_action": [two.pk]})
    assert _reload(one)[0].cluster_id is None and JobCluster.objects.count() == 0
    assert admin_client.get(reverse("admin:jobscraper_clusterdecision_changelist")).status_code == 200


def test_a_batch_is_read_in_as_many_queries_whatever_its_size():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pair = PAIRS["double-01-impact"]
    employer = _employer(pair)
    # 24 other employers' real postings stored as this one's: each other's candidates, none the same job
    others = [other["a"] for key, other in sorted(PAIRS.items())
              if key != "double-01-impact" and len(other["a"]["description"]) > 2000][:24]
    jobs = [_stored(side, employer, external_id=f"other-{n}") for n, side in enumerate(others)]
    assert set(jobs_cluster([job.pk for job in jobs]).values()) == {"alone"}  # their keys stored
    queries = []
    for batch in (jobs[:4], jobs[4:]):
        with CaptureQueriesContext(connection) as captured:
            outcomes = jobs_cluster([job.pk for job in batch])
        queries.append(len(captured))
        assert set(outcomes.values()) == {"alone"}
    assert queries[0] == queries[1] <= 5

    # a batch holding both postings of one job joins them, whichever is matched first
    one, two = _stored(pair["a"], employer, external_id="one"), _stored(pair["b"], employer, external_id="two")
    assert sorted(jobs_cluster([two.pk, one.pk, jobs[0].pk]).values()) == ["alone", "joined", "kept"]
    assert _reload(one)[0].cluster_id == _reload(two)[0].cluster_id is not None


def _writes(job_ids: list[int]) -> tuple[dict[int, str], int]:
    """jobs_cluster for `job_ids`, and how many INSERT and UPDATE statements it sent."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        outcomes = jobs_cluster(job_ids)
    return outcomes, sum(query["sql"].lstrip().startswith(("INSERT", "UPDATE")) for query in captured)


def test_a_batchs_joins_are_written_in_as_many_statements_whatever_their_number():
    # Seven employers' real postings (one word names: the board rows name them as the companies are named), each
    # listed again by job boards with its text: the same job, found by title, employer and identical text.
    sides, names = [], set()
    for _, pair in sorted(PAIRS.items()):
        name = pair["a"]["company"].strip()
        if " " not in name and name.lower() not in names and len(pair["a"]["description"]) > 1500:
            names.add(name.lower())
            sides.append(pair["a"])
    sides, board, now = sides[:7], _board_company(), timezone.now()
    own = [_stored(side, plain_company(name=side["company"].strip()), external_id=f"own-{n}", first_seen_at=now)
           for n, side in enumerate(sides)]

    def copy(n: int, site: str, seen=now) -> Job:
        return _stored(sides[n], board, board=True, external_id=f"{site}:{n}", first_seen_at=seen)

    assert set(jobs_cluster([job.pk for job in own[:6]]).values()) == {"alone"}
    linkedin = [copy(n, "linkedin") for n in range(6)]
    outcomes, two = _writes([job.pk for job in linkedin[:2]])
    assert set(outcomes.values()) == {"joined"}
    outcomes, four = _writes([job.pk for job in linkedin[2:]])
    assert set(outcomes.values()) == {"joined"}
    assert two == four <= 3  # the keys, the clusters made, the rows joined: not a statement or two a join

    # Copies joining clusters already there (the first seen before every member), and a job new in the batch thrice
    # over: its postings join each other as they are matched.
    earlier = now - timedelta(days=3)
    indeed = [copy(0, "indeed", seen=earlier)] + [copy(n, "indeed") for n in range(1, 4)]
    batch = [*indeed, own[6], copy(6, "linkedin"), copy(6, "indeed")]
    outcomes, _ = _writes([job.pk for job in batch])
    assert set(outcomes.values()) <= {"joined", "kept"}, outcomes
    clusters = [{job.cluster_id for job in _reload(own[n], linkedin[n], *indeed[n:n + 1])} for n in range(4)]
    clusters.append({job.cluster_id for job in _reload(*batch[4:])})
    assert all(len(ids) == 1 and None not in ids for ids in clusters), clusters
    assert len({ids.pop() for ids in clusters}) == 5
    # each posting the batch matched says which member it matched (one matched by a later posting of the batch too)
    assert all(job.cluster_match.get("with") for job in _reload(*batch)), [job.cluster_match for job in batch]
    assert JobCluster.objects.get(pk=own[0].cluster_id).first_seen_at == earlier
    assert JobCluster.objects.get(pk=own[1].cluster_id).first_seen_at == now
    # each employer's own posting is the one listed, its copies stored behind it, as one at a time would store them
    assert _listed() == sorted(job.pk for job in own)
    from jobscraper.clusters import clusters_order_check
    assert clusters_order_check() == 0


def test_a_stored_job_is_listed_from_its_first_run_to_the_last_run_that_saw_it_not_to_its_closing_run():
    from extraction.clustering import facts_of

    seen = timezone.now() - timedelta(days=2)
    job = make_job(plain_company(name="Acme"), first_seen_at=seen, last_seen_at=seen + timedelta(hours=5),
                   status="closed", closed_at=seen + timedelta(hours=11), close_reason="gone")
    facts = facts_of(job)
    # times, not days: a repost first seen the afternoon its earlier posting was last seen that morning is not beside it
    assert (facts.listed_from, facts.listed_until) == (job.first_seen_at, job.last_seen_at)


def test_a_job_without_a_title_or_gone_is_left_alone():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    employer = plain_company(name="Untitled")
    bare = make_job(employer, extracted=False)
    assert job_cluster(bare.pk) == "alone"
    assert job_cluster(bare.pk + 1000) == "gone"
    # an employer whose name has no key is nobody's: not matched with jobs not keyed yet, whatever their title
    nameless = [make_job(plain_company(name=f"Nameless{n}"), title="Data Engineer") for n in range(2)]
    for job, name in zip(nameless, ("!!!", "???")):
        Company.objects.filter(pk=job.company_id).update(name=name)
    with CaptureQueriesContext(connection) as captured:
        assert jobs_cluster([job.pk for job in nameless]) == {job.pk: "alone" for job in nameless}
    assert not any('"employer_key" IN' in query["sql"] for query in captured.captured_queries)


def test_storing_an_extraction_queues_its_jobs_matching_on_the_scrape_queue(settings, django_capture_on_commit_callbacks):
    import redis

    from extraction.engines import ExtractionResult
    from extraction.storing import jobs_apply_results
    from extraction.schema import JobFields
    from tests.jobscraper.admin_posts import queued

    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete("scrape")
    job = make_job(plain_company(), extracted=False, raw_content="Data Engineer\n\nWe are hiring a data engineer.")
    with django_capture_on_commit_callbacks(execute=True):
        jobs_apply_results(results=[ExtractionResult(key=job.pk, fields=JobFields(title="Data Engineer"))],
                           hashes={job.pk: job.content_hash}, engine_name="rules", engine_label="rules")
    try:
        assert queued(broker, "scrape") == [("extraction.tasks.cluster_jobs_task", [[job.pk]], [])]
    finally:
        broker.delete("scrape")
    # its keys written with its fields, so that matching it writes nothing unless it joins a cluster
    job.refresh_from_db()
    assert (job.employer_key, job.title_key) == (name_key(job.company.name), "data engineer")


def test_the_command_matches_the_jobs_stored_before_clustering():
    pair = PAIRS["repost-28-curaleaf"]
    employer = _employer(pair)
    first = _stored(pair["a"], employer, status="closed", close_reason="gone", closed_at=timezone.now())
    again = _stored(pair["b"], employer, external_id="again")
    out = io.StringIO()

    call_command("cluster_jobs", stdout=out)  # both in one batch: the closed one is matched first, yet a repost
    assert "Done: 1 kept, 1 reposted." in out.getvalue()
    assert _reload(first)[0].cluster_id == _reload(again)[0].cluster_id is not None
    assert again.cluster.reposted_at is not None

    call_command("cluster_jobs", stdout=out)  # run again: nothing left unmatched
    assert "nothing to match" in out.getvalue()
    call_command("cluster_jobs", "--all", stdout=out)
    assert "Done: 2 kept." in out.getvalue()


def test_a_job_page_names_the_board_pages_found_linking_to_it(client):
    pair = PAIRS["ats-linkedin-spacex"]  # a LinkedIn row whose apply link is SpaceX's Greenhouse posting
    own = _stored(pair["a"], _employer(pair), also_listed_on=[pair["b"]["url"], "javascript:alert(1)", pair["b"]["url"]])

    page = client.get(reverse("job_detail", args=[own.pk])).content.decode()

    assert "Where this job is listed" in page
    assert page.count(f'href="{pair["b"]["url"]}"') == 1 and "linkedin.com</a>: a job board" in page
    assert "javascript:" not in page
