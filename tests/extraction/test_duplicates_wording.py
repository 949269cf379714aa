"""The matcher's rules from the third held-out set's misses (docs/duplicates.md, gap 7), one at a time, on minimal
postings made up for these tests (test-made: no record here is real): role abbreviations spelt out, an acronym of the
title's own words, words compared by stem, posts of one ATS job read on the wording, listing side by side read from
snapshot times, and one identical text under a title that adds a qualifier."""
from datetime import date, datetime, timezone

import pytest

from extraction.duplicates import PostingFacts, apart_by_title, compare
from extraction.duplicates.evaluation import facts_from_record
from extraction.duplicates.titles import title_words, titles_agree

TEXT = " ".join(f"build{n % 37} the payments platform with kotlin and postgres for merchants{n % 11}" for n in range(40))


def posting(title="Backend Engineer", employer="Acme", locations=("Berlin, Germany",), **more) -> PostingFacts:
    return PostingFacts(title=title, employer=employer, locations=tuple(locations), **more)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 8, day, hour, tzinfo=timezone.utc)


# ---- abbreviations -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second"),
    [("Staff SRE", "Staff Site Reliability Engineer"), ("Senior SWE", "Senior Software Engineer"),
     ("QA Engineer", "Quality Assurance Engineer"), ("ML Engineer, Ads", "Machine Learning Engineer, Ads"),
     ("Senior PM, Payments", "Senior Product Manager, Payments"), ("UX Designer", "User Experience Designer")],
)
def test_a_roles_well_known_abbreviation_is_its_spelling_out(first, second):
    assert titles_agree(first, second).equal


def test_two_abbreviations_of_two_fields_stay_apart():
    assert titles_agree("ML Engineer", "QA Engineer").decisive
    assert titles_agree("Senior PM", "Senior Engineer").decisive  # a product manager's level is "manager"


def test_a_location_lines_letters_are_not_spelt_out():
    assert title_words("The Valley, AI", expand=False) == ["the", "valley", "ai"]
    assert title_words("AI Engineer") == ["artificial", "intelligence", "engineer"]


def test_an_acronym_of_the_titles_own_words_says_nothing_more():
    assert titles_agree("Manager, Go-to-Market (GTM) Enablement", "Go-to-Market Enablement Manager").equal
    # an acronym the title does not spell out is a word like any other
    assert titles_agree("Manager, GTM Enablement", "Manager, Sales Enablement").decisive


# ---- stems ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second"),
    [("Behavior Interventionist", "Behavioral Interventionist"), ("Data Analysts", "Data Analyst"),
     ("Key Account Management - All Levels", "Key Account Management - All Level"),
     ("Technologies Consultant", "Technology Consultant")],
)
def test_words_of_one_stem_with_an_inflection_are_one_word(first, second):
    assert titles_agree(first, second).equal


@pytest.mark.parametrize(
    ("first", "second"),
    [("Accounting Manager", "Account Manager"), ("Production Engineer", "Product Engineer"),
     ("Design Lead", "Designer Lead")],
)
def test_a_field_and_its_role_or_product_are_two_words_though_one_stem(first, second):
    assert titles_agree(first, second).decisive


# ---- posts of one ATS job ------------------------------------------------------------------------------------------
def test_posts_of_one_ats_job_whose_titles_differ_only_in_wording_are_one_job():
    # given two posts of one ATS job, "Engineering" / "Engineer" and a qualifier apart
    first = posting("Engineering Team Lead", ats_job_id="3519713")
    second = posting("Team Lead Software Engineer (Frontend or Mobile)", ats_job_id="3519713")
    # then the job id joins them, and the first look at titles does not set them apart
    assert compare(first, second).same
    assert not apart_by_title(first, second)
    # without the shared job, the titles name other work, as before
    alone = posting("Team Lead Software Engineer (Frontend or Mobile)", ats_job_id="1")
    assert not compare(first, alone).same and apart_by_title(first, alone)


def test_a_requisition_is_not_read_loosely():
    first = posting("Engineering Team Lead", requisition_id="REQ-17")
    second = posting("Team Lead Software Engineer (Frontend or Mobile)", requisition_id="REQ-17")
    assert not compare(first, second).same


@pytest.mark.parametrize(
    ("first", "second"),
    [("Business Development, Nordics", "Business Development, Benelux"),
     ("Senior Data Engineer", "Data Engineer"), ("Technician - 2nd Shift", "Technician (All Shifts)")],
)
def test_posts_of_one_ats_job_naming_two_territories_levels_or_shifts_stay_apart(first, second):
    a, b = posting(first, ats_job_id="9"), posting(second, ats_job_id="9")
    assert not compare(a, b).same
    assert apart_by_title(a, b)


# ---- listed side by side -------------------------------------------------------------------------------------------
def test_listing_side_by_side_is_read_from_snapshot_times_where_both_keep_them():
    # given the old post last seen in the morning's snapshot and the new one first seen that afternoon, on one board
    old = posting("Senior Buyer", source="greenhouse:acme", listed_from=at(14, 13), listed_until=at(21, 4))
    new = posting("Senior Buyer (Toys)", source="greenhouse:acme", listed_from=at(21, 13), listed_until=at(22, 13))
    # then they were never listed together: a repost adding a qualifier
    assert compare(old, new).same
    # read by days, they share the 21st and are two openings side by side
    by_day = [posting(p.title, source=p.source, listed_from=p.listed_from.date(), listed_until=p.listed_until.date())
              for p in (old, new)]
    assert not compare(*by_day).same
    # a day on one side only: days are compared
    mixed = posting("Senior Buyer (Toys)", source="greenhouse:acme", listed_from=date(2026, 8, 21),
                    listed_until=date(2026, 8, 22))
    assert any("listed side by side" in reason for reason in compare(old, mixed).reasons)


def test_a_record_gives_its_snapshot_times_when_it_keeps_them():
    record = {"title": "Senior Buyer", "company": "Acme", "source": "greenhouse", "board": "acme",
              "seen_from": "2026-08-21", "seen_until": "2026-08-22", "seen_from_at": "2026-08-21T13:11:03Z"}
    facts = facts_from_record(record)
    assert facts.listed_from == datetime(2026, 8, 21, 13, 11, 3, tzinfo=timezone.utc)
    assert facts.listed_until == date(2026, 8, 22)


# ---- one text, a qualifier added -----------------------------------------------------------------------------------
def test_one_identical_text_listed_twice_under_a_title_adding_a_qualifier_is_one_job():
    days = {"source": "greenhouse:acme", "listed_from": date(2026, 8, 1), "listed_until": date(2026, 8, 20)}
    plain = posting("Member Advocate", description=TEXT, **days)
    qualified = posting("Member Advocate - Spanish Bilingual", description=TEXT, **days)
    assert compare(plain, qualified).same
    # a text edited past identical still makes two openings side by side
    edited = TEXT.replace("kotlin", "scala", 20)
    assert not compare(plain, posting("Member Advocate - Spanish Bilingual", description=edited, **days)).same
    # and titles naming other work stay apart on one text
    assert not compare(plain, posting("Claims Advocate", description=TEXT, **days)).same
