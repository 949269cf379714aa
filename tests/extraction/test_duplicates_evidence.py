"""The duplicate matcher's exact evidence (requisition ids, ATS job ids, a board row's apply URL) and its rule on texts alike but
for the place they name, with real labelled pairs as inputs (tests/fixtures/duplicates). Where a pair's label itself
rests on the evidence a rule reads, the test checks the rule's working, not that the rule is right: the new held-out
pairs measure that (test_duplicates_real.py)."""
import dataclasses
from datetime import date
from pathlib import Path

import pytest

from extraction.duplicates import PostingFacts, compare
from extraction.duplicates.evaluation import read_pairs
from extraction.duplicates.evidence import requisition_key, same_posting_url, url_key
from extraction.duplicates.texts import text_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "duplicates"


@pytest.fixture(scope="module")
def pairs():
    return {pair.id: pair for pair in read_pairs(FIXTURES / "pairs.json")}


@pytest.fixture(scope="module")
def new_pairs():
    return {pair.id: pair for pair in read_pairs(FIXTURES / "new_pairs.json")}


# ---- URLs --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("apply_url", "posting_url"),
    [  # LinkedIn rows' job_url_direct and the Greenhouse postings' own URLs, as the fixtures hold them
        ("https://job-boards.greenhouse.io/airtable/jobs/8124953002?gh_src=aef790d02us&urlHash=HVed",
         "https://job-boards.greenhouse.io/airtable/jobs/8124953002"),
        ("https://boards.greenhouse.io/spacex/jobs/8186650002?gh_jid=8186650002&gh_src=3c0864192&urlHash=AX8k",
         "https://boards.greenhouse.io/spacex/jobs/8186650002?gh_jid=8186650002"),
        ("http://www.hioscar.com/careers/7411784?gh_jid=7411784", "https://hioscar.com/careers/7411784/?gh_jid=7411784"),
        ("https://boards.greenhouse.io/faire/jobs/8448671002", "https://job-boards.greenhouse.io/faire/jobs/8448671002"),
    ],
)
def test_an_apply_url_is_the_posting_url_once_tracking_and_spelling_are_set_aside(apply_url, posting_url):
    assert same_posting_url(apply_url, posting_url)


def test_the_id_in_a_query_is_kept_and_a_linkedin_hash_glued_to_the_path_is_dropped():
    # Elastic's board lists its id twice in the query; two Workable jobs differ only in their path
    assert url_key("https://jobs.elastic.co/jobs?gh_jid=7706107&gh_jid=7706107") == "jobs.elastic.co/jobs?gh_jid=7706107"
    assert not same_posting_url("https://jobs.elastic.co/jobs?gh_jid=7706107", "https://jobs.elastic.co/jobs?gh_jid=7808662")
    assert url_key("https://apply.workable.com/j/E5F57673EC&urlHash=HO-X") == "apply.workable.com/j/E5F57673EC"
    assert not same_posting_url("", "") and url_key("") == ""


# ---- requisitions ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("requisition", "key"),
    [("REQ #26754", "req26754"), ("R_117047", "r117047"), ("P-5061", "p5061"), ("2194", "2194"),
     # pools and labels, not one opening's number (Adyen's, Impact's and Airtable's in the fixtures)
     ("Evergreen 48", ""), ("Evergreen TSE", ""), ("EG-MDR", ""), ("PIP", ""), ("", ""), (None, "")],
)
def test_a_requisition_is_read_as_one_openings_number(requisition, key):
    assert requisition_key(requisition) == key


def test_a_board_row_applying_at_the_ats_posting_is_one_job(pairs):
    # the label of these two pairs rests on the apply URL itself: this checks the rule's working only
    for pair_id in ("ats-linkedin-airtable", "ats-linkedin-spacex"):
        verdict = compare(pairs[pair_id].a, pairs[pair_id].b)
        assert verdict.same and verdict.score == 1.0, verdict.reasons
        assert verdict.reasons[0].startswith("exact: linkedin applies at the other posting's URL")


def test_one_requisition_does_not_join_titles_that_name_two_roles(pairs):
    # Carvana's 'Technician' became 'Mechanic' under requisition 16649 (labelled one job on the requisition): employers
    # also reuse a requisition for another role, so titles naming other work stay apart, as without it
    pair = pairs["repost-30-carvana"]
    assert not compare(pair.a, pair.b).same
    assert not compare(*(dataclasses.replace(side, requisition_id="") for side in (pair.a, pair.b))).same
    # where the titles agree, the requisition decides whatever else differs
    retitled = dataclasses.replace(pair.b, title=pair.a.title, listed_from=pair.a.listed_from)
    assert compare(pair.a, retitled).reasons[0] == "exact: one requisition (16649)"


def test_one_requisition_at_two_employers_or_in_places_apart_is_no_evidence(pairs):
    pair = pairs["repost-02-lush"]
    elsewhere = dataclasses.replace(pair.b, employer="Lush Cosmetics Rival Ltd", locations=("Tokyo, Japan",))
    other_employer = dataclasses.replace(pair.b, employer="Globex")
    assert not compare(pair.a, other_employer).reasons[0].startswith("exact")
    moved = compare(pair.a, dataclasses.replace(pair.b, locations=("Tokyo, Japan",)))
    assert not moved.same and any(reason.startswith("decisive: places apart") for reason in moved.reasons)
    assert not compare(pair.a, elsewhere).same


def test_differing_requisitions_are_a_reason_not_a_verdict(pairs):
    # Impact listed one Group Accountant opening twice under two requisitions: one job to a reader
    verdict = compare(pairs["double-02-impact"].a, pairs["double-02-impact"].b)
    assert verdict.same and "requisitions differ (HC04322, HC04432)" in verdict.reasons


# ---- posts of one ATS job ----------------------------------------------------------------------------------------
def test_two_posts_of_one_ats_job_are_one_job_unless_their_titles_name_two_levels(new_pairs):
    # Agoda's two posts of Greenhouse job 963253, listed together, one title adding ", AI" (labelled on the shared job
    # itself: this checks the rule's working); without the ATS job id the side-by-side rule takes them for two openings
    pair = new_pairs["new-double-10-agoda"]
    verdict = compare(pair.a, pair.b)
    assert verdict.same and verdict.reasons[0] == "exact: posts of one ATS job (963253)"
    assert not compare(*(dataclasses.replace(side, ats_job_id="") for side in (pair.a, pair.b))).same
    assert not compare(pair.a, dataclasses.replace(pair.b, employer="Globex")).same
    # an ATS's id is read as given: Gem's base64 job ids differ by case alone
    gem = "am9iOmf1tMCGR-TWIeFFcN0fBKw"
    cased = dataclasses.replace(pair.a, ats_job_id=gem), dataclasses.replace(pair.b, ats_job_id=gem.lower())
    assert not compare(*cased).same
    # Align posts job 6188413002 as "VP of Demand Generation" and "Director of Demand Generation": two levels
    levels = new_pairs["new-levels-15-align"]
    assert levels.a.ats_job_id == levels.b.ats_job_id and not compare(levels.a, levels.b).same


# ---- texts alike but for the place -------------------------------------------------------------------------------
@pytest.mark.parametrize("pair_id", ["near-location-linkedin-01", "near-location-linkedin-02"])
def test_one_text_posted_per_city_is_one_job_per_city(pairs, pair_id):
    # Harnham's LinkedIn rows give no place, or one; the texts differ in the city alone
    verdict = compare(pairs[pair_id].a, pairs[pair_id].b)
    assert not verdict.same
    assert "decisive: texts alike but for the places they name, apart (New York / San Francisco)" in verdict.reasons


def test_a_place_named_where_the_other_text_names_it_too_is_not_a_move(pairs):
    # the same Harnham text with its two cities swapped in one sentence and both named: a list reordered
    pair = pairs["near-location-linkedin-01"]
    both = pair.a.description.replace("New York", "New York and San Francisco", 1)
    swapped = pair.a.description.replace("New York", "San Francisco and New York", 1)
    verdict = compare(dataclasses.replace(pair.a, description=both), dataclasses.replace(pair.a, description=swapped))
    assert verdict.same, verdict.reasons


def test_words_that_are_also_town_names_are_places_only_when_written_as_names():
    # test-made: "sale" and "deal" are towns' names in the gazetteer, but written in lower case they are words
    body = " ".join(f"we build payments tools number{n} for merchants in many markets" for n in range(20))
    first = PostingFacts("Backend Engineer", "Acme", description=f"{body} close the sale {body}")
    second = PostingFacts("Backend Engineer", "Acme", description=f"{body} close the deal {body}")
    assert compare(first, second).same
    assert text_words("Based in Sale", keep_case=True) == ["Based", "in", "Sale"]


def test_an_apply_url_and_a_requisition_decide_across_listing_days():
    # test-made: a board row up beside the employer's posting with another title wording is still the posting
    together = {"listed_from": date(2026, 3, 1), "listed_until": date(2026, 3, 9)}
    ats = PostingFacts("Data Engineer II", "Acme", ("Berlin",), source="greenhouse:acme",
                       url="https://job-boards.greenhouse.io/acme/jobs/11", **together)
    row = PostingFacts("Data Engineer (Platform)", "Acme GmbH", ("Berlin, Germany",), source="linkedin",
                       apply_url="https://boards.greenhouse.io/acme/jobs/11/?utm_source=linkedin", **together)
    assert compare(ats, row).same and compare(row, ats).same
