"""Job-board postings that link to a job scraped from its ATS join that job; each adapter's posting_id_from_url."""

import pytest
from django.db.models import F

from jobscraper.models import Company, Job, SourceKind
from jobscraper.services import company_save
from scraping.services import company_scrape
from scraping.sources import ashby, greenhouse, lever, oracle, personio, smartrecruiters, workday
from scraping.sources.recruitee import RecruiteeSource
from scraping.sources.workable import WorkableSource
from tests.builders import FIXTURES, ats_answer, greenhouse_board, greenhouse_company
from tests.scraping.offline_boards import board_row, install_boards, offline_board
from tests.servers import Reply

JOBS_PATH = "/v1/boards/catawiki/jobs"
ANDROID_ID = "6954117"  # Android Developer on Catawiki's real board
ANDROID_URL = f"https://job-boards.greenhouse.io/catawiki/jobs/{ANDROID_ID}"
# LinkedIn's row for the job, its apply link on Greenhouse with the tracking LinkedIn adds.
ANDROID_ON_LINKEDIN = board_row(
    "linkedin",
    "4188000001",
    job_url_direct=f"{ANDROID_URL}?gh_src=linkedin&utm_source=LinkedIn&utm_campaign=a1",
    title="Android Developer",
    company="Catawiki",
    description="Build Catawiki's Android app.",
)
# Catawiki's board token, but a job the board does not have (yet): nothing to link to.
UNKNOWN_GREENHOUSE_JOB = board_row(
    "linkedin",
    "4188000002",
    job_url_direct="https://job-boards.greenhouse.io/catawiki/jobs/9999999",
    title="Auction Specialist",
    company="Catawiki",
)
# A Lever site no company here is scraped from.
UNKNOWN_BOARD = board_row(
    "linkedin",
    "4188000003",
    job_url_direct="https://jobs.lever.co/catawiki-labs/0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3/apply",
    title="Data Engineer",
    company="Catawiki",
)



# --- posting_id_from_url: the id each adapter's own mapping gives the posting at that URL ---


def _fixture_postings():
    """(source, posting URL, external id) of every posting in the real fixtures, as the adapters map them."""
    catawiki = [greenhouse.posting_from_job(job) for job in greenhouse_board("catawiki")["jobs"]]
    # Greenhouse's own board repeats the id as ?gh_jid=.
    own_board = [greenhouse.posting_from_job(job) for job in ats_answer("greenhouse_greenhouse_board_list.json")["jobs"]]
    feed = personio.parse_feed((FIXTURES / "ats" / "personio_acme_robotics_feed_en.xml").read_bytes(), url="feed")
    sources_and_postings = [
        *((greenhouse.GreenhouseSource, posting) for posting in catawiki + own_board),
        *(
            (lever.LeverSource, lever.posting_from_job(job))
            for job in ats_answer("lever_palantir_postings_list_truncated.json")
        ),
        *(
            (ashby.AshbySource, ashby.posting_from_job(job))
            for job in ats_answer("ashby_ramp_jobs_list_truncated.json")["jobs"]
        ),
        (
            smartrecruiters.SmartRecruitersSource,
            smartrecruiters.posting_from_job(ats_answer("smartrecruiters_westerndigital_posting_detail.json")),
        ),
        (workday.WorkdaySource, workday.posting_from_detail(ats_answer("workday_synchrony_job_detail.json"))),
        *(
            (personio.PersonioSource, personio.posting_from_position(position, board=personio.board_url("acme")))
            for position in feed.iterfind("position")
        ),
    ]
    return [(source, posting.url, posting.external_id) for source, posting in sources_and_postings]


@pytest.mark.parametrize("source, url, external_id", _fixture_postings())
def test_posting_url_gives_the_external_id_of_its_posting(source, url, external_id):
    assert source.posting_id_from_url(url) == external_id


def test_apply_forms_and_tracking_parameters_name_the_same_posting():
    lever_job = ats_answer("lever_palantir_posting_detail.json")
    ashby_job = ats_answer("ashby_ramp_job_board_one_job.json")
    ashby_job = ashby_job["jobs"][0] if "jobs" in ashby_job else ashby_job
    smartrecruiters_job = ats_answer("smartrecruiters_westerndigital_posting_detail.json")

    assert lever.LeverSource.posting_id_from_url(lever_job["applyUrl"]) == lever_job["id"]
    assert ashby.AshbySource.posting_id_from_url(ashby_job["applyUrl"]) == ashby_job["id"]
    assert (
        smartrecruiters.SmartRecruitersSource.posting_id_from_url(smartrecruiters_job["applyUrl"])
        == smartrecruiters_job["id"]
    )
    assert greenhouse.GreenhouseSource.posting_id_from_url(f"{ANDROID_URL}?gh_src=x&utm_source=y") == ANDROID_ID


def test_oracle_and_workable_job_pages():
    [requisition] = ats_answer("oracle_orc_amex_requisitions_search.json")["items"][0]["requisitionList"]
    oracle_url = f"https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/{requisition['Id']}"
    job = ats_answer("workable_acme_robotics_widget_details_true.json")["jobs"][0]

    assert oracle.OracleSource.posting_id_from_url(f"{oracle_url}?utm_medium=jobshare") == requisition["Id"]
    assert WorkableSource.posting_id_from_url(f"https://apply.workable.com/acme-robotics/j/{job['shortcode']}/") == (
        job["shortcode"]
    )
    assert WorkableSource.posting_id_from_url(f"https://acme-robotics.workable.com/j/{job['shortcode']}") == (
        job["shortcode"]
    )
    # The widget's own links are short links without the account: they name no board to look in.
    assert WorkableSource.posting_id_from_url(job["url"]) == ""


@pytest.mark.parametrize(
    "source, url",
    [
        # Board pages, not postings.
        (greenhouse.GreenhouseSource, "https://boards.greenhouse.io/catawiki"),
        (greenhouse.GreenhouseSource, "https://boards.greenhouse.io/embed/job_board?for=catawiki"),
        (lever.LeverSource, "https://jobs.lever.co/palantir"),
        (ashby.AshbySource, "https://jobs.ashbyhq.com/ramp/embed"),
        (personio.PersonioSource, "https://acme.jobs.personio.de/"),
        (oracle.OracleSource, "https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1"),
        (workday.WorkdaySource, "https://synchronyfinancial.wd5.myworkdayjobs.com/University"),
        # The one-click form names a publication, not the posting.
        (
            smartrecruiters.SmartRecruitersSource,
            "https://jobs.smartrecruiters.com/oneclick-ui/company/WesternDigital/publication/1c5f1e0d-6b33-4c4f",
        ),
        # The id on a host that is no board of the vendor: a company's own site, a look-alike.
        (greenhouse.GreenhouseSource, "https://stripe.com/jobs/search?gh_jid=8026689"),
        (greenhouse.GreenhouseSource, "https://job-boards.greenhouse.io.evil.example/catawiki/jobs/6954117"),
        (lever.LeverSource, "https://jobs.lever.co.evil.example/palantir/ac978161-6f46-4f6b-ad9e-a258e642751c"),
        # Recruitee's offer pages name the offer's slug; postings are known by its numeric id.
        (RecruiteeSource, ats_answer("recruitee_acmelogistics_offers.json")["offers"][0]["careers_url"]),
    ],
)
def test_urls_naming_no_posting_id(source, url):
    assert source.posting_id_from_url(url) == ""


# --- company_scrape of a job-board search: linked to the ATS job, or stored as the board's posting ---


@pytest.fixture
def linkedin(monkeypatch):
    """jobspy's LinkedIn answering offline with the given rows (jobspy still builds its real DataFrame)."""
    return lambda *rows: install_boards(monkeypatch, linkedin=offline_board(rows))


def _board_company() -> Company:
    return company_save(
        company=Company(
            name="Catawiki",
            careers_url="https://www.catawiki.com/en/careers",
            source_kind=SourceKind.JOB_BOARDS,
            source_params={"sites": ["linkedin"]},
        )
    )


def _scraped_catawiki(loopback, board=None) -> Company:
    """Catawiki scraped from its Greenhouse board, its jobs extracted."""
    company = greenhouse_company(loopback.url)
    loopback.routes[JOBS_PATH] = Reply.json(board or greenhouse_board())
    assert company_scrape(company=company).run.status == "succeeded"
    Job.objects.update(extraction_state=Job.ExtractionState.DONE, extracted_hash=F("content_hash"))
    return company


@pytest.mark.django_db
def test_board_posting_of_a_greenhouse_job_joins_that_job(loopback, linkedin):
    # given Catawiki's jobs from Greenhouse, and LinkedIn listing one of them and two jobs not scraped
    catawiki = _scraped_catawiki(loopback)
    android = Job.objects.get(company=catawiki, external_id=ANDROID_ID)
    linkedin(ANDROID_ON_LINKEDIN, UNKNOWN_GREENHOUSE_JOB, UNKNOWN_BOARD)
    boards = _board_company()

    # when the job boards are searched
    outcome = company_scrape(company=boards)

    # then the Greenhouse job is linked, not copied; the others are the board's postings
    run = outcome.run
    assert (run.status, run.found, run.new, run.linked, run.error) == ("succeeded", 3, 2, 1, "")
    assert sorted(Job.objects.filter(company=boards).values_list("external_id", flat=True)) == [
        "linkedin:li-4188000002", "linkedin:li-4188000003",
    ]
    assert Job.objects.count() == 50 + 2
    stored = Job.objects.get(pk=android.pk)
    assert stored.also_listed_on == [ANDROID_ON_LINKEDIN.job_url]
    # The link neither changes the job's content nor sends it to extraction again.
    assert (stored.content_hash, stored.extraction_state) == (android.content_hash, Job.ExtractionState.DONE)
    assert android.pk not in outcome.job_ids

    # when LinkedIn lists it again
    again = company_scrape(company=boards).run

    # then it is linked again, and its board page noted once
    assert (again.found, again.new, again.unchanged, again.linked) == (3, 0, 2, 1)
    assert Job.objects.get(pk=android.pk).also_listed_on == [ANDROID_ON_LINKEDIN.job_url]


@pytest.mark.django_db
def test_board_pages_noted_on_a_job_outlive_its_changes_and_closing(loopback, linkedin):
    # given a Greenhouse job LinkedIn links to
    catawiki = _scraped_catawiki(loopback)
    linkedin(ANDROID_ON_LINKEDIN)
    boards = _board_company()
    company_scrape(company=boards)

    # when Greenhouse changes the job's text
    board = greenhouse_board()
    board["jobs"] = [
        dict(job, content=job["content"] + "&lt;p&gt;Now hybrid.&lt;/p&gt;") if str(job["id"]) == ANDROID_ID else job
        for job in board["jobs"]
    ]
    loopback.routes[JOBS_PATH] = Reply.json(board)
    assert company_scrape(company=catawiki).run.changed == 1

    # then the job still lists its board page
    android = Job.objects.get(company=catawiki, external_id=ANDROID_ID)
    assert "Now hybrid." in android.raw_content
    assert android.also_listed_on == [ANDROID_ON_LINKEDIN.job_url]

    # when the job leaves Greenhouse and LinkedIn still shows it
    board["jobs"] = [job for job in board["jobs"] if str(job["id"]) != ANDROID_ID]
    loopback.routes[JOBS_PATH] = Reply.json(board)
    assert company_scrape(company=catawiki).run.closed == 1
    run = company_scrape(company=boards).run

    # then the closed job is still the one linked: no board copy brings it back
    assert (run.new, run.linked) == (0, 1)
    assert not Job.objects.filter(company=boards).exists()
    assert Job.objects.get(pk=android.pk).status == Job.Status.CLOSED
