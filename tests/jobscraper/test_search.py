"""The public list on PostgreSQL: full-text search, every filter alone and in pairs, facets, deep pages, and the
number of queries each costs (a query per row would show here)."""
from datetime import timedelta
from decimal import Decimal
from itertools import combinations

import pytest
from django.urls import reverse
from django.utils import timezone

from jobscraper import job_list
from jobscraper.exchange_rates import ExchangeRate, jobs_salary_convert
from jobscraper.models import Company, Job, SourceKind
from jobscraper.services import company_save
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

BERLIN = {"name": "Berlin, Germany", "city": "Berlin", "region": "", "country": "DE"}
MUNICH = {"name": "Munich, Germany", "city": "Munich", "region": "", "country": "DE"}
PARIS = {"name": "Paris, France", "city": "Paris", "region": "", "country": "FR"}


def _company(name, kind):
    company = Company(name=name, careers_url=f"https://{name.lower()}.example/jobs", source_kind=kind)
    return company_save(company=company)


@pytest.fixture
def catalogue():
    """One job that passes every filter below, and for each filter a decoy that fails it (and which others)."""
    acme = _company("Acme", SourceKind.GREENHOUSE)
    other_ats = _company("Bolt", SourceKind.GREENHOUSE)
    crawled = _company("Crawl", SourceKind.CAREER_PAGE)
    now = timezone.now()
    match = {
        "raw_content": "We write Python every day.", "locations": [BERLIN], "remote": "remote",
        "employment_type": "full_time", "seniority": "senior", "salary_min": Decimal("80000"),
        "salary_max": Decimal("100000"), "salary_currency": "EUR", "salary_period": "year",
        "salary_annual_min": Decimal("80000"), "salary_annual_max": Decimal("100000"),
        "first_seen_at": now - timedelta(days=1),
    }
    make_job(acme, title="Universal Role", **match)
    decoys = {
        "Decoy text": ({"q"}, acme, {"raw_content": "We write Ruby every day."}),
        "Decoy company": ({"company"}, other_ats, {}),
        "Decoy source": ({"company", "source"}, crawled, {}),
        "Decoy country": ({"country", "city"}, acme, {"locations": [PARIS]}),
        "Decoy city": ({"city"}, acme, {"locations": [MUNICH]}),
        "Decoy remote": ({"remote"}, acme, {"remote": "onsite"}),
        "Decoy type": ({"type"}, acme, {"employment_type": "contract"}),
        "Decoy seniority": ({"seniority"}, acme, {"seniority": "junior"}),
        "Decoy low pay": ({"salary"}, acme, {"salary_annual_min": Decimal(40000), "salary_annual_max": Decimal(50000)}),
        # More dollars than the minimum's euros, worth less (at a test-made $2 to the euro: €40,000–50,000).
        "Decoy dollars": ({"salary"}, acme, {"salary_currency": "USD"}),
        "Decoy old": ({"posted"}, acme, {"first_seen_at": now - timedelta(days=30)}),
    }
    for title, (_, company, changes) in decoys.items():
        make_job(company, title=title, **{**match, **changes})
    # Never listed, whatever the filters.
    make_job(acme, title="Closed Role", status=Job.Status.CLOSED, closed_at=now, **match)
    make_job(acme, title="Rejected Role", review_status=Job.ReviewStatus.REJECTED, **match)
    ExchangeRate.objects.create(currency="USD", day=(now - timedelta(days=60)).date(), per_euro=Decimal(2), source="test")
    jobs_salary_convert(jobs=Job.objects.all())  # as extraction leaves them: the salary filter reads the base figures
    params = {
        "q": {"q": "python"}, "company": {"company": [acme.pk]}, "country": {"country": "DE"},
        "city": {"city": "Berlin"}, "remote": {"remote": "remote"}, "type": {"type": "full_time"},
        "seniority": {"seniority": "senior"}, "salary": {"salary_min": "70000", "currency": "EUR"},
        "posted": {"posted": "7"}, "source": {"source": "greenhouse"},
    }
    return params, {title: fails for title, (fails, _, _) in decoys.items()}


FILTERS = ("q", "company", "country", "city", "remote", "type", "seniority", "salary", "posted", "source")
COMBINATIONS = [()] + [(name,) for name in FILTERS] + list(combinations(FILTERS, 2)) + [FILTERS]


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda combo: "+".join(combo) or "none")
def test_each_filter_and_each_pair_selects_exactly_its_jobs_in_constant_queries(
    client, catalogue, combination, django_assert_num_queries
):
    params, decoys = catalogue
    query = {key: value for name in combination for key, value in params[name].items()}
    # facet rows, page ids, page rows; +1 naming the chosen companies; +1 ranking search words' newest matches
    expected_queries = 3 + ("company" in combination) + ("q" in combination)

    with django_assert_num_queries(expected_queries):
        response = client.get(reverse("job_list"), query)

    listed = {job.title for job in response.context["page"].jobs}
    expected = {"Universal Role"} | {title for title, fails in decoys.items() if not fails & set(combination)}
    assert listed == expected
    assert response.context["page"].total == len(expected)


def test_search_uses_web_search_syntax_and_stems(client):
    company = plain_company()
    make_job(company, title="Senior Data Engineer", raw_content="Build pipelines.")
    make_job(company, title="Data Analyst", raw_content="Engineers love our data.")
    make_job(company, title="Engineering Intern", raw_content="Learn data work.")

    def titles(q):
        return {job.title for job in client.get(reverse("job_list"), {"q": q}).context["page"].jobs}

    assert titles('"data engineer"') == {"Senior Data Engineer"}  # a phrase: adjacent words only
    assert titles("engineer data") == {"Senior Data Engineer", "Data Analyst", "Engineering Intern"}
    assert titles("data -intern") == {"Senior Data Engineer", "Data Analyst"}
    assert titles("analyst or intern") == {"Data Analyst", "Engineering Intern"}
    assert titles("pipeline") == {"Senior Data Engineer"}  # stemmed: pipelines
    assert titles("the") == set()  # only a stop word: nothing, and no error


def test_search_vector_follows_every_kind_of_write(client):
    # given a job stored, then changed by a queryset update, then saved whole by an unrelated change
    job = make_job(plain_company(), title="Welder", skills=["TIG"], raw_content="Metal work.")

    def found(q):
        return [j.pk for j in client.get(reverse("job_list"), {"q": q}).context["page"].jobs] == [job.pk]

    assert found("welder") and found("tig") and found("metal")
    Job.objects.filter(pk=job.pk).update(title="Glassblower")
    assert found("glassblower") and not found("welder")
    Job.objects.filter(pk=job.pk).update(raw_content="Furnace work.")
    assert found("furnace") and not found("metal")
    Job.objects.filter(pk=job.pk).update(cluster_match={"with": 1}, status=Job.Status.OPEN)  # no searched column
    assert found("furnace") and found("glassblower")
    job.refresh_from_db()
    job.review_status = Job.ReviewStatus.APPROVED
    job.save()
    assert found("glassblower")


def test_facets_count_the_filtered_jobs(client):
    acme, bolt = plain_company("Acme"), plain_company("Bolt")
    for _ in range(3):
        make_job(acme, remote="remote", locations=[BERLIN], seniority="senior")
    make_job(acme, remote="onsite", locations=[PARIS, BERLIN])
    make_job(bolt, remote="remote", locations=[MUNICH])

    facets = client.get(reverse("job_list"), {"remote": "remote"}).context["page"].facets

    assert [(o.label, o.count) for o in facets["company"]] == [("Acme", 3), ("Bolt", 1)]
    assert [(o.value, o.count, o.selected) for o in facets["remote"]] == [("remote", 4, True)]
    assert {o.value: o.count for o in facets["city"]} == {"Berlin": 3, "Munich": 1}
    assert {o.value: o.count for o in facets["country"]} == {"DE": 4}
    assert [(o.value, o.count) for o in facets["seniority"]] == [("senior", 3)]


def test_facets_count_a_job_once_per_place_and_skip_what_is_no_place(client):
    acme = plain_company("Acme")
    make_job(acme, locations=[BERLIN, MUNICH])  # two German cities: Germany once
    make_job(acme, locations=[BERLIN, "Berlin", None])  # a place written as text, or nothing, names no country
    make_job(acme, locations={"city": "Paris"})  # not a list: no places at all

    facets = client.get(reverse("job_list")).context["page"].facets

    assert {o.value: o.count for o in facets["country"]} == {"DE": 2}
    assert {o.value: o.count for o in facets["city"]} == {"Berlin": 2, "Munich": 1}
    assert [(o.label, o.count) for o in facets["company"]] == [("Acme", 3)]


def test_a_chosen_value_without_matches_stays_in_the_form(client):
    acme, bolt = plain_company("Acme"), plain_company("Bolt")
    make_job(acme, remote="remote")

    html = client.get(reverse("job_list"), {"company": [bolt.pk], "country": "JP"}).content.decode()

    assert f'value="{bolt.pk}" checked> Bolt (0)' in html
    assert '<option value="JP" selected>Japan (0)</option>' in html
    assert "No jobs match this search." in html


def test_salary_sort_puts_the_best_paid_first_and_unpaid_last(client, settings):
    # (across currencies: tests/jobscraper/test_salary_pages.py)
    settings.SALARY_BASE_CURRENCY = "EUR"
    company = plain_company()
    make_job(company, title="Unstated")
    make_job(company, title="Well paid", salary_annual_max=Decimal("150000"), salary_currency="EUR")
    make_job(company, title="Paid", salary_annual_max=Decimal("60000"), salary_currency="EUR")
    jobs_salary_convert(jobs=Job.objects.all())  # the order reads the base currency's figures, as extraction leaves them

    jobs = client.get(reverse("job_list"), {"sort": "salary"}).context["page"].jobs

    assert [job.title for job in jobs] == ["Well paid", "Paid", "Unstated"]


def test_beyond_the_facet_sample_the_total_is_a_lower_bound_and_deep_pages_work(
    client, monkeypatch, django_assert_num_queries
):
    # given more jobs than the facet sample, with small pages so that page 5 is "deep"
    monkeypatch.setattr(job_list, "FACET_SAMPLE", 4)
    monkeypatch.setattr(job_list, "PAGE_SIZE", 2)
    monkeypatch.setattr(job_list, "PAGES_AHEAD", 2)
    company = plain_company()
    now = timezone.now()
    for n in range(20):
        make_job(company, title=f"Role {n:02d}", first_seen_at=now - timedelta(minutes=n))

    with django_assert_num_queries(4):  # facet rows, capped count, page ids, page rows
        response = client.get(reverse("job_list"), {"page": 5})

    page = response.context["page"]
    assert [job.title for job in page.jobs] == ["Role 08", "Role 09"]
    assert (page.total, page.total_is_exact, page.num_pages, page.has_next) == (12, False, 6, True)
    # the facets count a sample of 4 of the 20 jobs, and say so
    assert page.facets_sampled and [(o.label, o.count) for o in page.facets["company"]] == [(company.name, 4)]
    assert "Counts are from a sample of 4 of these jobs." in response.content.decode()
    with django_assert_num_queries(3):  # the first page: the facet rows already say "more than 4"
        first = client.get(reverse("job_list")).context["page"]
    assert (first.total, first.total_is_exact, first.has_next) == (4, False, True)
    last = client.get(reverse("job_list"), {"page": 10}).context["page"]
    assert [job.title for job in last.jobs] == ["Role 18", "Role 19"]
    assert (last.total, last.total_is_exact, last.has_next) == (20, True, False)
    assert "sample" not in client.get(reverse("job_list"), {"q": "role 07"}).content.decode()  # one match: exact


@pytest.mark.parametrize("number", [4, 99_999_999])
def test_a_page_past_the_end_shows_the_last_page(client, monkeypatch, number):
    monkeypatch.setattr(job_list, "PAGE_SIZE", 2)
    company = plain_company()
    now = timezone.now()
    for n in range(5):
        make_job(company, title=f"Barista {n}", first_seen_at=now - timedelta(minutes=n))

    response = client.get(reverse("job_list"), {"page": number, "q": "barista"})

    page = response.context["page"]
    assert [job.title for job in page.jobs] == ["Barista 4"]
    assert (page.number, page.num_pages, page.has_next) == (3, 3, False)
    html = response.content.decode()
    assert "Page 3 of 3" in html and 'href="?q=barista&amp;page=2"' in html


def test_a_page_past_the_end_of_nothing_is_the_first(client):
    page = client.get(reverse("job_list"), {"page": 7, "q": "nothing"}).context["page"]
    assert (page.jobs, page.number, page.has_previous) == ([], 1, False)


def test_pagination_links_keep_the_search(client):
    company = plain_company()
    for n in range(job_list.PAGE_SIZE + 1):
        make_job(company, title=f"Role {n}", remote="remote")

    html = client.get(reverse("job_list"), {"remote": "remote", "sort": "salary", "junk": "x"}).content.decode()

    assert 'href="?remote=remote&amp;sort=salary&amp;page=2"' in html
    assert 'href="/feed.atom?remote=remote&amp;sort=salary"' in html


@pytest.mark.parametrize("q", ['100% remote', "it's {done}", '"unclosed phrase', "-", "%s %(x)s", "a\\b OR -c"])
def test_any_search_text_lists_without_error(client, q):
    make_job(plain_company(), title="100% remote {done} role", raw_content="it's done")

    response = client.get(reverse("job_list"), {"q": q, "remote": "unknown"})

    assert response.status_code == 200
    assert response.context["page"].total == len(response.context["page"].jobs)


def test_with_search_words_the_most_relevant_come_first_and_newest_stays_a_choice(client):
    company = plain_company()
    now = timezone.now()
    in_title = make_job(company, title="Rust Engineer", raw_content="Systems work.", first_seen_at=now - timedelta(days=9))
    in_text = make_job(company, title="Platform Engineer", raw_content="Go services, some Rust tooling.", first_seen_at=now)

    relevant = client.get(reverse("job_list"), {"q": "rust"})
    newest = client.get(reverse("job_list"), {"q": "rust", "sort": "newest"})

    assert [job.pk for job in relevant.context["page"].jobs] == [in_title.pk, in_text.pk]
    assert [job.pk for job in newest.context["page"].jobs] == [in_text.pk, in_title.pk]
    assert '<option value="relevance" selected>Most relevant first</option>' in relevant.content.decode()
    assert 'href="?q=rust&amp;sort=newest&amp;page=' not in newest.content.decode()  # one page: no pagination
    assert "Most relevant first" not in client.get(reverse("job_list")).content.decode()  # no words, nothing to rank


def test_each_result_shows_the_words_around_its_match_marked_and_escaped(client):
    make_job(plain_company(), title="Platform Engineer", summary="Our summary.",
             raw_content="We build <script>alert(1)</script> internal tools in Rust & Go for our platform team.")

    html = client.get(reverse("job_list"), {"q": "rust"}).content.decode()

    # ts_headline drops what it reads as tags; the rest is escaped, and only the match is marked
    assert "<mark>Rust</mark> &amp; Go" in html and "<script>" not in html
    assert "Our summary." not in html  # the snippet takes the summary's place while searching
    assert "Our summary." in client.get(reverse("job_list")).content.decode()


def test_active_filters_are_chips_each_removing_itself_alone(client):
    acme = plain_company("Acme")
    make_job(acme, remote="remote", locations=[BERLIN], raw_content="Python")

    page = client.get(reverse("job_list"), {"q": "python", "company": [acme.pk], "country": "DE", "remote": "remote",
                                            "sort": "salary"}).context["page"]

    assert [(chip.label, chip.query) for chip in page.chips] == [
        ("“python”", f"company={acme.pk}&country=DE&remote=remote&sort=salary"),
        ("Acme", "q=python&country=DE&remote=remote&sort=salary"),
        ("Germany", f"q=python&company={acme.pk}&remote=remote&sort=salary"),
        ("Remote", f"q=python&company={acme.pk}&country=DE&sort=salary"),
    ]
    assert client.get(reverse("job_list")).context["page"].chips == []


def test_an_empty_result_suggests_the_filters_whose_removal_finds_jobs(client, django_assert_max_num_queries):
    company = plain_company()
    for _ in range(2):
        make_job(company, remote="remote", employment_type="full_time", locations=[BERLIN])
    make_job(company, remote="hybrid", employment_type="part_time", locations=[PARIS])

    with django_assert_max_num_queries(3 + 3):  # the page's 3, then one count per filter applied
        response = client.get(reverse("job_list"), {"remote": "remote", "type": "part_time", "country": "FR"})

    page = response.context["page"]
    assert page.jobs == []
    # without "part-time" two remote jobs remain, but none in France; without France, none part-time and remote
    assert [(chip.label, chip.count) for chip in page.relaxations] == [("Remote", 1)]
    html = response.content.decode()
    assert 'No jobs match this search. Try without <a href="?country=FR&amp;type=part_time">Remote</a> (1 job).' in html


def test_a_facet_with_no_values_is_not_offered(client):
    make_job(plain_company(), seniority="", locations=[])

    html = client.get(reverse("job_list")).content.decode()

    assert 'id="f-seniority"' not in html and 'id="f-city"' not in html and 'id="f-remote"' in html


def test_newest_goes_by_the_posting_date_so_a_first_scrape_does_not_show_old_postings_as_new(client):
    company = plain_company()
    now = timezone.now()
    old_posting = make_job(company, title="Posted long ago", date_posted=(now - timedelta(days=40)).date(),
                           first_seen_at=now)  # found by a company's first scrape today
    undated = make_job(company, title="Undated", first_seen_at=now - timedelta(days=1))
    # a date after we first saw it is a mistake: it counts as first seen
    future = make_job(company, title="Dated ahead", date_posted=(now + timedelta(days=30)).date(),
                      first_seen_at=now - timedelta(days=2))

    response = client.get(reverse("job_list"))

    assert [job.pk for job in response.context["page"].jobs] == [undated.pk, future.pk, old_posting.pk]
    html = response.content.decode()
    assert f'posted <time datetime="{old_posting.date_posted:%Y-%m-%d}"' in html and "1\xa0month ago</time>" in html
    recent = client.get(reverse("job_list"), {"posted": 7}).context["page"].jobs
    assert {job.pk for job in recent} == {undated.pk, future.pk}


def test_relevance_ranks_the_newest_matches_and_pages_on_newest_first_each_job_once(client, monkeypatch):
    monkeypatch.setattr(job_list, "PAGE_SIZE", 2)
    monkeypatch.setattr(job_list, "RANK_WINDOW", 4)
    company = plain_company()
    now = timezone.now()
    # newest first: one mention of rust in the text, then rust in the title of every other job
    jobs = [
        make_job(company, title="Rust Developer" if n % 2 else "Platform Engineer", raw_content="Some rust tooling.",
                 first_seen_at=now - timedelta(hours=n))
        for n in range(7)
    ]

    pages = [[job.pk for job in client.get(reverse("job_list"), {"q": "rust", "page": n}).context["page"].jobs]
             for n in (1, 2, 3, 4)]

    # the 4 newest matches, ranked: titles first (newest first among equals); then the rest, newest first
    assert pages == [[jobs[1].pk, jobs[3].pk], [jobs[0].pk, jobs[2].pk], [jobs[4].pk, jobs[5].pk], [jobs[6].pk]]
