"""The duplicate matcher's rules, one at a time, on minimal postings made up for these tests (test-made: no record
here is real; the real pairs are scored in test_duplicates_real.py)."""
from datetime import date

import pytest

from extraction.duplicates import SAME_JOB, PostingFacts, compare
from extraction.duplicates.employers import employers_agree
from extraction.duplicates.locations import places_overlap, read_places
from extraction.duplicates.texts import text_words, texts_similarity
from extraction.duplicates.titles import titles_agree

# A posting's text, long enough to be compared (texts under MIN_WORDS words are not), and one for another role.
TEXT = " ".join(f"build{n % 37} the payments platform with kotlin and postgres for merchants{n % 11}" for n in range(40))
OTHER_TEXT = " ".join(f"run{n % 29} field marketing events across the region{n % 7} with partners" for n in range(40))


def posting(title="Backend Engineer", employer="Acme", locations=("Berlin, Germany",), **more) -> PostingFacts:
    return PostingFacts(title=title, employer=employer, locations=tuple(locations), **more)


# ---- employers -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second"),
    [("Outbrain Inc.", "Outbrain"), ("ACME GmbH", "acme"), ("SuperCom (NASDAQ: SPCB)", "SuperCom"),
     ("Trax", "Trax Retail"), ("AutoBrains", "Autobrains Technologies"), ("Cycode | Complete ASPM", "Cycode")],
)
def test_one_employer_written_two_ways(first, second):
    assert employers_agree(first, second).score >= 0.85


def test_a_shared_distinctive_word_is_weak_agreement_and_common_words_are_none():
    assert employers_agree("Galor Systems", "Travel Booster by Galor").score == 0.6
    assert employers_agree("Nova Software Solutions", "Orbit Software Solutions").score == 0


def test_two_employers_are_two_jobs_whatever_else_agrees():
    verdict = compare(posting(employer="Acme"), posting(employer="Globex"))
    assert not verdict.same
    assert any(reason.startswith("decisive: different employers") for reason in verdict.reasons)


# ---- titles ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second"),
    [("Senior Backend Engineer", "Staff Backend Engineer"), ("Data Scientist II", "Data Scientist III"),
     ("Backend Engineer", "Senior Backend Engineer"), ("Field Engineering", "Field Engineering Manager"),
     ("Sr. Designer", "Designer")],
)
def test_a_level_only_one_title_names_is_decisive(first, second):
    agreement = titles_agree(first, second)
    assert agreement.decisive and agreement.reason.startswith("levels differ")


@pytest.mark.parametrize(
    ("first", "second"),
    [("Software Engineer (Storage)", "Software Engineer (Disaster Recovery)"),
     ("Account Executive, Southeast", "Account Executive, Southwest"),
     ("Sports Data Collector - Tauranga", "Sports Data Collector - Treasure Beach")],
)
def test_a_team_territory_or_town_each_title_names_is_decisive(first, second):
    assert titles_agree(first, second).decisive


@pytest.mark.parametrize(
    ("first", "second"),
    [("Backend Engineer (m/w/d)", "Backend Engineer"), ("Sr. Full-Stack Engineer", "Senior Fullstack Engineer"),
     ("Manager, AI Deployment", "AI Deployment Manager"), ("Backend Engineer – Payments", "Backend Engineer - Payments"),
     ("URGENT: Backend Engineer", "Backend Engineer")],
)
def test_wording_is_set_aside(first, second):
    assert titles_agree(first, second).equal


def test_the_postings_own_place_in_its_title_is_set_aside():
    assert titles_agree("Account Executive (Berlin)", "Account Executive", places_a={"berlin"}).equal
    assert titles_agree("Account Executive (Berlin)", "Account Executive").reason == "one title adds 'berlin'"


def test_an_abbreviation_a_typo_and_an_added_qualifier_are_not_decisive():
    assert not titles_agree("IR Scheduling Specialist", "Interventional Radiology Scheduling Specialist").decisive
    assert not titles_agree("Talent Acquistion Lead", "Talent Acquisition Lead").decisive
    added = titles_agree("Kitchen Agent", "Kitchen Agent - 1st Shift")
    assert not added.decisive and not added.equal


# ---- places ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second"),
    [(["Gurugram"], ["Gurgaon"]), (["New York"], ["New York City, NY"]), (["United States"], ["Austin, TX"]),
     (["Remote"], ["Canada - Remote"]), (["San Francisco Bay Area"], ["SF / NY / Remote"]),
     (["Dublin"], ["Dublin, Ireland"]), (["12 Main St, Springfield, IL"], ["12 Main St Springfield, IL"]),
     (["Remote"], ["Pune or Delhi/NCR Remote"]), (["India - Remote"], ["Pune or Delhi/NCR Remote"]),
     (["London / New York / Remote"], ["Remote - Canada"])],
)
def test_places_that_overlap(first, second):
    assert places_overlap(read_places(first), read_places(second)).score == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [(["Chandler, AZ"], ["Tempe, AZ"]), (["Austin, TX"], ["Pennsylvania, United States"]),
     (["Cairo, Egypt"], ["Tunis, Tunisia"]), (["Remote - Canada"], ["Remote - Germany"]),
     # a remote piece is remote in the one country its line's other pieces name (Acquia's two Greenhouse jobs)
     (["Remote - Costa Rica"], ["Pune or Delhi/NCR Remote"]), (["Bengaluru; Remote"], ["Toronto, Canada; Remote"])],
)
def test_places_apart_are_decisive(first, second):
    assert places_overlap(read_places(first), read_places(second)).decisive


def test_a_posting_without_a_place_leaves_the_place_open():
    overlap = places_overlap(read_places([]), read_places(["Berlin"]))
    assert overlap.score == 0.5 and not overlap.decisive


def test_a_title_that_says_remote_makes_the_job_remote():
    verdict = compare(posting("Analyst - Remote", locations=["Austin, TX"]), posting("Analyst - Remote", locations=["Indianapolis, IN"]))
    assert verdict.same, verdict.reasons


# ---- texts -------------------------------------------------------------------------------------------------------
def test_texts_are_read_from_escaped_html():
    assert text_words("&lt;p&gt;Build &amp;amp; run&lt;/p&gt;") == ["build", "run"]


def test_short_texts_are_not_compared():
    assert texts_similarity(text_words("a short snippet"), text_words(TEXT)) is None


def test_same_title_and_place_with_another_roles_text_is_another_job():
    verdict = compare(posting(description=TEXT), posting(description=OTHER_TEXT))
    assert not verdict.same
    assert any(reason.startswith("decisive: texts share little") for reason in verdict.reasons)


# ---- listing dates and boards ----------------------------------------------------------------------------------------
def test_two_titles_listed_side_by_side_on_one_board_are_two_openings():
    # given two postings up together on the employer's board, one title adding a word
    together = {"source": "greenhouse:acme", "listed_from": date(2026, 3, 1), "listed_until": date(2026, 3, 20)}
    first = posting("Rust Engineer - Trading", **together)
    second = posting("Rust Engineer - Options Trading", **together)
    # when compared
    verdict = compare(first, second)
    # then they are two jobs; the same pair one after the other is a repost
    assert not verdict.same
    reposted = posting("Rust Engineer - Options Trading", source="greenhouse:acme", listed_from=date(2026, 3, 21), listed_until=date(2026, 4, 2))
    assert compare(first, reposted).same


def test_one_job_on_two_boards_at_once():
    ats = posting("Data Engineer", "Airtable", ["San Francisco, CA"], description=TEXT, source="greenhouse:airtable",
                  listed_from=date(2026, 3, 1), listed_until=date(2026, 4, 1))
    board = posting("Data Engineer", "Airtable, Inc.", ["San Francisco, CA, USA"], description=TEXT.upper(),
                    source="linkedin", listed_from=date(2026, 3, 5), listed_until=date(2026, 3, 5))
    verdict = compare(ats, board)
    assert verdict.same and verdict.score >= SAME_JOB
    assert verdict.reasons == (
        "same employer (airtable)", "titles agree", "places overlap (san francisco ca ~ san francisco ca usa)", "texts 100% alike",
    )


def test_a_verdict_is_symmetric_and_scored_between_0_and_1():
    first, second = posting("Backend Engineer, Payments", description=TEXT), posting("Senior Backend Engineer", description=TEXT)
    one, other = compare(first, second), compare(second, first)
    assert (one.same, one.score) == (other.same, other.score)
    assert 0 <= one.score <= 1
