"""JobBoardsSource through jobspy's real scrape_jobs, with its boards replaced by offline ones; and the mapping."""
from datetime import date

import numpy as np
import pandas as pd
import pytest
from jobspy.model import CompensationInterval, Country, DescriptionFormat, JobPost, JobType, Location, Site

from jobscraper.models import Company, SourceKind
from scraping.sources import SourceError
from scraping.sources.job_boards import JobBoardsSource, employer_key, postings_from_frame
from tests.scraping.offline_boards import board_row, install_boards, offline_board

# jobspy's own columns, in its order: the DataFrame it returns has one per JobPost field.
COLUMNS = list(JobPost.model_fields)

PAYMENTS_ENGINEER = board_row(
    "linkedin",
    "4120379931",
    title="Senior Software Engineer, Payments",
    company="Stripe",
    company_url="https://www.linkedin.com/company/stripe",
    location=Location(city="Seattle", state="WA", country=Country.USA),
    date_posted=date(2025, 5, 12),
    job_type=[JobType.FULL_TIME],
    interval=CompensationInterval.YEARLY,
    min_amount=184000.0,
    max_amount=276000.0,
    currency="USD",
    is_remote=False,
    job_level="mid-senior level",
    job_function="Engineering and Information Technology",
    company_industry="Software Development",
    description="**Who we are**\n\nStripe is a financial infrastructure platform.\n\n* Build payment APIs",
)
# LinkedIn showed no pay, so jobspy guessed one from the description ("$150,000 - $200,000").
REMOTE_BACKEND = board_row(
    "linkedin",
    "4120455102",
    title="Backend Engineer (Remote)",
    company="Stripe",
    location=Location(country=Country.USA),
    date_posted=date(2025, 5, 14),
    job_type=[JobType.FULL_TIME],
    salary_source="description",
    interval=CompensationInterval.YEARLY,
    min_amount=150000.0,
    max_amount=200000.0,
    currency="USD",
    is_remote=True,
    job_level="entry level",
    description="Pay: $150,000 - $200,000 a year.",
)
SUPPORT_SPECIALIST = board_row(
    "indeed",
    "8f3c2a1b9d7e6f50",
    job_url_direct="https://stripe.com/jobs/listing/support-specialist/6512345?utm_source=indeed&utm_campaign=x1",
    title="Support Specialist",
    company="Stripe, Inc.",
    location=Location(city="Chicago", state="IL", country="US"),
    date_posted=date(2025, 5, 15),
    job_type=[JobType.PART_TIME, JobType.CONTRACT],
    interval=CompensationInterval.HOURLY,
    min_amount=24.5,
    max_amount=31.0,
    currency="USD",
    description="Help merchants resolve payment questions.",
    company_addresses="354 Oyster Point Blvd, South San Francisco, CA 94080",
)
# A search for "Stripe" also finds other companies' jobs that mention it.
OTHER_EMPLOYER = board_row(
    "indeed",
    "0a1b2c3d4e5f6071",
    title="Stripe Integration Developer",
    company="Acme Payments LLC",
    location=Location(city="Austin", state="TX", country="US"),
    date_posted=date(2025, 5, 13),
    description="Integrate Stripe into our checkout.",
)
BENGALURU_JAVA = board_row(
    "naukri",
    "150525500123",
    title="Java Developer",
    company="Stripe",
    location=Location(city="Bengaluru", country="India"),
    is_remote=False,
    work_from_home_type="Hybrid",
    skills=["Java", "Kafka", "Java"],
    experience_range="3-6 Yrs",
)


@pytest.fixture
def boards(monkeypatch):
    """Put offline boards in place of jobspy's: boards(linkedin=Board, ...)."""
    return lambda **by_site: install_boards(monkeypatch, **by_site)


def _company(**params) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="Stripe",
        careers_url="https://stripe.com/jobs",
        source_kind=SourceKind.JOB_BOARDS,
        source_params={"sites": ["linkedin", "indeed"], **params},
    )


def test_search_becomes_postings_of_the_company(boards):
    # given
    boards(
        linkedin=offline_board([PAYMENTS_ENGINEER, REMOTE_BACKEND]),
        indeed=offline_board([SUPPORT_SPECIALIST, OTHER_EMPLOYER]),
    )

    # when
    result = JobBoardsSource().fetch(_company())

    # then jobspy sorted them by site and newest first; the other employer's job is not Stripe's
    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == [
        "indeed:in-8f3c2a1b9d7e6f50", "linkedin:li-4120455102", "linkedin:li-4120379931",
    ]


def test_search_arguments_reach_the_boards(boards):
    linkedin = offline_board()
    boards(linkedin=linkedin, indeed=offline_board())

    JobBoardsSource().fetch(
        _company(location="Seattle, WA", results_wanted=30, hours_old=72, country_indeed="usa", unknown="ignored")
    )

    [asked] = linkedin.inputs
    assert asked.site_name == [Site.LINKEDIN, Site.INDEED]
    assert (asked.search_term, asked.location) == ("Stripe", "Seattle, WA")
    assert (asked.results_wanted, asked.hours_old) == (30, 72)
    assert (asked.country_indeed, asked.description_format) == (Country.USA, DescriptionFormat.MARKDOWN)
    # LinkedIn gives descriptions only when asked: they are what the extractor reads.
    assert asked.fetch_description is True


def test_own_search_term_and_default_sites(boards):
    indeed, linkedin = offline_board(), offline_board()
    boards(linkedin=linkedin, indeed=indeed)
    company = _company(search_term="Stripe payments")
    del company.source_params["sites"]

    JobBoardsSource().fetch(company)

    [asked] = indeed.inputs
    assert (asked.search_term, asked.site_name) == ("Stripe payments", [Site.INDEED, Site.LINKEDIN])
    assert len(linkedin.inputs) == 1


def test_board_row_fields_are_mapped(boards):
    boards(linkedin=offline_board([PAYMENTS_ENGINEER]), indeed=offline_board())

    [posting] = JobBoardsSource().fetch(_company()).postings

    assert posting.url == "https://www.linkedin.com/jobs/view/4120379931"
    assert posting.origin == "board"
    # "mid-senior level" spans two of our levels, and is_remote False does not rule out hybrid: both left out.
    assert posting.fields == {
        "title": "Senior Software Engineer, Payments",
        "company": "Stripe",
        "locations": [{"name": "Seattle, WA, USA"}],
        "employment_type": "full_time",
        "salary_min": 184000.0,
        "salary_max": 276000.0,
        "salary_currency": "USD",
        "salary_period": "year",
        "date_posted": "2025-05-12",
    }
    assert posting.text == (
        "Senior Software Engineer, Payments\n\nSeattle, WA, USA\n\n"
        "**Who we are**\n\nStripe is a financial infrastructure platform.\n\n* Build payment APIs"
    )
    assert posting.description_html == ""


def test_hourly_pay_first_job_type_and_board_url(boards):
    boards(linkedin=offline_board(), indeed=offline_board([SUPPORT_SPECIALIST]))

    [posting] = JobBoardsSource().fetch(_company()).postings

    # The board's page, not the employer's apply link with its tracking parameters: that is kept aside.
    assert posting.url == "https://www.indeed.com/viewjob?jk=8f3c2a1b9d7e6f50"
    assert posting.canonical_url == SUPPORT_SPECIALIST.job_url_direct
    assert posting.evidence == {"apply_url": SUPPORT_SPECIALIST.job_url_direct}  # stored with the job's source data
    assert posting.fields == {
        "title": "Support Specialist",
        "company": "Stripe, Inc.",
        "locations": [{"name": "Chicago, IL, USA"}],
        "employment_type": "part_time",
        "salary_min": 24.5,
        "salary_max": 31.0,
        "salary_currency": "USD",
        "salary_period": "hour",
        "date_posted": "2025-05-15",
    }


def test_apply_link_tracking_leaves_the_content_hash_alone(boards):
    retracked = SUPPORT_SPECIALIST.model_copy(
        update={"job_url_direct": "https://stripe.com/jobs/listing/support-specialist/6512345?utm_campaign=x2"}
    )
    boards(linkedin=offline_board(), indeed=offline_board([SUPPORT_SPECIALIST]))
    [first] = JobBoardsSource().fetch(_company()).postings
    boards(indeed=offline_board([retracked]))
    [second] = JobBoardsSource().fetch(_company()).postings

    assert first.canonical_url != second.canonical_url
    assert first.content_hash == second.content_hash


def test_salary_guessed_from_the_description_is_left_to_the_extractor(boards):
    boards(linkedin=offline_board([REMOTE_BACKEND]), indeed=offline_board())

    [posting] = JobBoardsSource().fetch(_company()).postings

    assert not {"salary_min", "salary_max", "salary_currency", "salary_period"} & posting.fields.keys()
    assert (posting.fields["remote"], posting.fields["seniority"]) == ("remote", "junior")
    assert posting.fields["locations"] == [{"name": "USA"}]


def test_work_mode_and_skills_without_description(boards):
    boards(naukri=offline_board([BENGALURU_JAVA]))

    [posting] = JobBoardsSource().fetch(_company(sites=["naukri"])).postings

    assert posting.external_id == "naukri:nk-150525500123"
    assert posting.fields == {
        "title": "Java Developer",
        "company": "Stripe",
        "locations": [{"name": "Bengaluru, India"}],
        "remote": "hybrid",
        "skills": ["Java", "Kafka"],
    }
    assert posting.text == "Java Developer\n\nBengaluru, India"


def test_board_errors_surface_and_make_the_result_incomplete(boards):
    boards(
        linkedin=offline_board([PAYMENTS_ENGINEER]),
        indeed=offline_board(error="response status code 403 (blocked: use a proxy)"),
        glassdoor=offline_board(error="location 'Seattle, WA' not found"),
    )

    result = JobBoardsSource().fetch(_company(sites=["linkedin", "indeed", "glassdoor"]))

    assert [posting.external_id for posting in result.postings] == ["linkedin:li-4120379931"]
    assert result.complete is False
    assert result.errors == [
        "indeed: response status code 403 (blocked: use a proxy)",
        "glassdoor: location 'Seattle, WA' not found",
    ]


def test_every_board_failing_gives_no_postings_and_every_error(boards):
    boards(
        linkedin=offline_board(error="response status code 429 (blocked: use a proxy)"),
        indeed=offline_board(error="timed out"),
    )

    result = JobBoardsSource().fetch(_company())

    assert (result.postings, result.complete) == ([], False)
    assert result.errors == ["linkedin: response status code 429 (blocked: use a proxy)", "indeed: timed out"]


def test_board_warnings_are_logged_not_errors(boards, caplog):
    boards(
        linkedin=offline_board([PAYMENTS_ENGINEER], warnings=["job 4120379931: redirected to /authwall"]),
        indeed=offline_board(),
    )

    result = JobBoardsSource().fetch(_company())

    assert (result.complete, result.errors) == (True, [])
    assert "Stripe: job board linkedin: job 4120379931: redirected to /authwall" in caplog.messages


def test_a_board_search_never_closes_missing_postings():
    assert JobBoardsSource.lists_everything is False


@pytest.mark.parametrize(
    "company_names, titles",
    [
        ([], ["Stripe Integration Developer", "Support Specialist"]),  # [] keeps every row
        ("Acme Payments", ["Stripe Integration Developer"]),
        (["Stripe", "Acme Payments, LLC"], ["Stripe Integration Developer", "Support Specialist"]),
    ],
)
def test_company_names_choose_the_employers_kept(boards, company_names, titles):
    boards(linkedin=offline_board(), indeed=offline_board([SUPPORT_SPECIALIST, OTHER_EMPLOYER]))

    postings = JobBoardsSource().fetch(_company(company_names=company_names)).postings

    assert sorted(posting.fields["title"] for posting in postings) == titles


def test_arguments_jobspy_refuses_are_a_source_error(boards):
    boards(linkedin=offline_board(), indeed=offline_board())

    with pytest.raises(SourceError, match=r"python-jobspy refused the search: Invalid results_wanted: 0\."):
        JobBoardsSource().fetch(_company(results_wanted=0))
    with pytest.raises(SourceError, match=r"Invalid site_name: 'monster'\. Input should be 'linkedin'"):
        JobBoardsSource().fetch(_company(sites=["monster"]))


def test_frame_with_missing_values_timestamps_and_numpy_types():
    # A frame as pandas gives it back from storage: Timestamps, NaN for missing text and numbers, numpy bools.
    frame = pd.DataFrame(
        [
            {
                "id": np.nan, "site": "google", "job_url": "https://www.google.com/search?q=stripe+jobs#vhid=abc",
                "title": "Account Executive", "company": "Stripe", "location": np.nan,
                "date_posted": pd.Timestamp("2025-05-10 00:00:00"), "job_type": np.nan, "interval": "monthly",
                "min_amount": np.nan, "max_amount": 9500.0, "currency": "eur", "salary_source": "direct_data",
                "is_remote": np.True_, "job_level": np.nan, "description": np.nan, "skills": np.nan,
            },
            {
                "id": "in-77", "site": "indeed", "job_url": "https://www.indeed.com/viewjob?jk=77", "title": "Analyst",
                "company": "Stripe", "date_posted": pd.NaT, "min_amount": 50000.0, "max_amount": 70000.0,
                "currency": "USD", "salary_source": "direct_data", "interval": "yearly", "is_remote": np.False_,
            },
        ],
        columns=COLUMNS,
    )
    frame.attrs = {"errors": {}, "warnings": {}}

    postings, errors = postings_from_frame(frame)

    assert errors == []
    executive, analyst = postings
    # Without an id the board's URL is the posting's identity.
    assert executive.external_id == executive.url == "https://www.google.com/search?q=stripe+jobs#vhid=abc"
    assert executive.fields == {
        "title": "Account Executive",
        "company": "Stripe",
        "remote": "remote",
        "salary_max": 9500.0,
        "salary_currency": "EUR",
        "salary_period": "month",
        "date_posted": "2025-05-10",
    }
    assert executive.text == "Account Executive"
    assert analyst.external_id == "indeed:in-77"
    assert "date_posted" not in analyst.fields and "remote" not in analyst.fields
    assert (analyst.fields["salary_min"], analyst.fields["salary_period"]) == (50000.0, "year")


def test_row_without_url_is_an_error_and_the_others_are_kept():
    frame = pd.DataFrame(
        [
            {"id": "in-1", "site": "indeed", "job_url": np.nan, "title": "Analyst"},
            {"id": "in-2", "site": "indeed", "job_url": "https://www.indeed.com/viewjob?jk=2", "title": "Engineer",
             "min_amount": "competitive", "currency": "USD", "salary_source": "direct_data"},
        ],
        columns=COLUMNS,
    )
    frame.attrs = {"errors": {"linkedin": "response status code 999"}, "warnings": {}}

    postings, errors = postings_from_frame(frame)

    assert errors == ["linkedin: response status code 999", "indeed job in-1: malformed (ValueError('no job_url'))"]
    # An amount that is no number is no salary.
    assert [(posting.external_id, posting.fields) for posting in postings] == [
        ("indeed:in-2", {"title": "Engineer"}),
    ]


@pytest.mark.parametrize(
    "name, key",
    [("Stripe", "stripe"), ("Stripe, Inc.", "stripe"), ("STRIPE INC", "stripe"), ("Acme Payments LLC", "acme payments"),
     ("Co", "co"), ("Deutsche Bahn AG", "deutsche bahn"), ("Stripe Capital", "stripe capital")],
)
def test_employer_key(name, key):
    assert employer_key(name) == key
