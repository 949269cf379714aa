"""Where a remote job is open to (extraction/eligibility.py), read from real sources' places and postings' words,
each cited by its fixture file; the test-made cases are labelled as such."""
import json
from pathlib import Path

import pytest

from extraction.eligibility import remote_regions
from extraction.normalize import located, merge
from jobscraper.regions import covering, is_covered
from scraping.jsonld import find_job_postings, job_posting_fields

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# (fixture file, a remote job's place exactly as the source writes it, where it is open to)
REAL_PLACES = [
    ("ats/real/ashby/ramp_job_board_compensation_first22.json", "Remote (US)", ["US"]),
    ("ats/real/ashby/ramp_job_board_compensation_first22.json", "Remote (US or Canada)", ["US", "CA"]),
    ("ats/real/workday/nvidia_job_detail_desc_truncated.json", "US, TX, Remote", ["US"]),
    ("ats/real/workday/3m_job_detail_pay_desc_elided.json", "Remote - California", ["US"]),
    ("ats/real/smartrecruiters/smartrecruitersinc_postings_list.json", "Poland, REMOTE, Poland", ["PL"]),
    ("ats/real/smartrecruiters/hirevue_postings_list.json", "Fully Remote Poland and UK", ["PL", "GB"]),
    ("ats/real/greenhouse/airbnb_jobs_content_first20.json", "Remote, Brazil", ["BR"]),
    ("ats/real/greenhouse/impact_jobs_content_first30.json", "Remote (Malaysia)", ["MY"]),
    ("ats/real/ashby/linear_job_board.json", "Europe", ["EUROPE"]),
    ("ats/real/ashby/linear_job_board.json", "North America", ["NORTH_AMERICA"]),
    ("ats/real/pinpoint/trilongroup_postings_3.json", "Remote- USA", ["US"]),
    # Says nothing of who may apply: "any location" is no area, a bare "Remote" no place
    ("ats/real/workday/gdit_search_facets.json", "Any Location / Remote", []),
    ("ats/real/ashby/linear_job_board.json", "Remote", []),
]
# (fixture file, a sentence of a remote posting exactly as written, where it is open to)
REAL_SENTENCES = [
    ("ats/real/ashby/linear_job_board.json", "This role is open to candidates based in North America", ["NORTH_AMERICA"]),
    ("ats/real/ashby/linear_job_board.json", "This role is open to candidates based in the US and Europe",
     ["US", "EUROPE"]),
    ("ats/real/ashby/linear_job_board.json", "This role is open to candidates based in the North America",
     ["NORTH_AMERICA"]),
    # working hours, not residence: not read
    ("ats/real/ashby/linear_job_board.json",
     "This role is open to candidates based in North America or Europe time zones", []),
    ("html/frag_wellfound_projectexpedition_bizdev.html", "must be based in the United States", ["US"]),
    ("ats/real/greenhouse/airbnb_jobs_content_first20.json", "remote within Canada", ["CA"]),
    ("ats/real/recruitee/hygraph_offer_single.json", "remotely within the European Region", ["EUROPE"]),
    # a city, not a country: the job is not open to all of France, so nothing
    ("ats/real/greenhouse/airbnb_jobs_content_first20.json", "must be living in Paris, France and have work authorization",
     []),
]


def _in_fixture(path: str, text: str) -> bool:
    return text in (FIXTURES / path).read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "name", "expected"), REAL_PLACES)
def test_a_remote_jobs_place_says_where_it_is_open_to(path, name, expected):
    assert _in_fixture(path, f'"{name}') or _in_fixture(path, name)

    regions, said_by = remote_regions(remote="remote", locations=[located({"name": name})])

    assert regions == expected and said_by == ("locations" if expected else "")


@pytest.mark.parametrize(("path", "sentence", "expected"), REAL_SENTENCES)
def test_a_remote_postings_words_say_where_it_is_open_to(path, sentence, expected):
    assert _in_fixture(path, sentence)

    regions, said_by = remote_regions(remote="remote", locations=[], text=f"About the role. {sentence}. More.")

    assert regions == expected and said_by == ("text" if expected else "")


def test_linear_remote_postings_are_open_to_their_board_location_first():
    # given Linear's real Ashby board: one posting per region, its location the area ("Europe", "North America")
    jobs = json.loads((FIXTURES / "ats/real/ashby/linear_job_board.json").read_text())["jobs"]
    remote = [job for job in jobs if job["workplaceType"] == "Remote"]

    # when
    read = {
        (job["location"], remote_regions(remote="remote", locations=[located({"name": job["location"]})],
                                         text=job["descriptionPlain"])[0][0])
        for job in remote
    }

    # then the place decides; Australia, a country, is one too
    assert read == {("Europe", "EUROPE"), ("North America", "NORTH_AMERICA"), ("Australia", "AU")}


def test_json_ld_applicant_requirements_are_the_sources_statement():
    # given Monzo's real page (TELECOMMUTE, applicantLocationRequirements [{"@type": "Country", "value": "GB"}])
    # and Thales's (a French country name, "Royaume-Uni")
    monzo = FIXTURES / "html/wttj_otta_monzo_product_marketing_lead_fragment.html"
    thales = FIXTURES / "labelled/g/html/workday_en_thales_r0228648_engineering_delivery_manager.html"

    for path, expected in ((monzo, ["GB"]), (thales, ["GB"])):
        [posting] = find_job_postings(path.read_text(encoding="utf-8"))
        source = job_posting_fields(posting)

        values, origins, _ = merge(source=source, source_label="jsonld", extracted={}, engine_label="model", text="")

        assert values["remote_regions"] == expected and origins["remote_regions"] == "jsonld"


def test_merge_reads_the_words_when_the_source_says_nothing_and_only_for_remote_jobs():
    # test-made: a hybrid job's words are about its office's country, not who may apply from afar
    text = "This role is open to candidates based in the EU."
    remote, origins, _ = merge(source={"remote": "remote"}, source_label="ats", extracted={}, engine_label="m", text=text)
    hybrid, _, _ = merge(source={"remote": "hybrid"}, source_label="ats", extracted={}, engine_label="m", text=text)
    unsaid, unsaid_origins, _ = merge(source={"remote": "remote"}, source_label="ats", extracted={}, engine_label="m",
                                      text="A remote role.")

    assert remote["remote_regions"] == ["EU"] and origins["remote_regions"] == "rules"
    assert hybrid["remote_regions"] == [] and unsaid["remote_regions"] == []
    assert "remote_regions" not in unsaid_origins


@pytest.mark.parametrize(("text", "expected"), [
    # test-made minimal cases
    ("We are not open to candidates based in the EU.", []),
    ("EU-based candidates only.", ["EU"]),
    ("Open to applicants residing in Spain, Portugal or France.", ["ES", "PT", "FR"]),
    ("This role is open to candidates based in the DACH region.", ["AT", "CH", "DE"]),
    ("This role is open to candidates based in Atlantis.", []),
    ("We have clients across Europe.", []),
])
def test_only_a_sentence_about_who_may_apply_counts(text, expected):
    assert remote_regions(remote="remote", locations=[], text=text)[0] == expected


def test_areas_cover_their_countries():
    assert covering("ES") == ("ES", "EMEA", "EU", "EUROPE", "WORLDWIDE")
    assert is_covered("ES", ["EMEA"]) and is_covered("ES", ["WORLDWIDE"]) and is_covered("BR", ["LATAM"])
    assert not is_covered("ES", ["US"]) and not is_covered("GB", ["EU"]) and not is_covered("US", ["LATAM"])
    assert is_covered("MX", ["LATAM"]) and is_covered("AE", ["EMEA"]) and is_covered("JP", ["APAC"])
    assert not is_covered("ES", [])
