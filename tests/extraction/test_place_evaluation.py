"""Reading the country of real location strings (tests/fixtures/places/labelled.tsv: 257 strings from the recorded ATS
answers and pages, with the country their own records state; README.md there says how it was built)."""
import html
import json
from functools import cache

import pytest
from django.core.management import call_command

from extraction.place_evaluation import (
    PlacesFileError, evaluate_cities, evaluate_places, format_cities_report, format_report, read_cities, read_places,
)
from tests.conftest import FIXTURES

REAL_SET = FIXTURES / "places" / "labelled.tsv"
REAL_CITIES = FIXTURES / "places" / "cities.tsv"
# Measured when the city rules were written: 186 of 191 right, 97.4 %; 3 of the 66 strings naming no one city read as
# one ("Metro Manila", "Malaysia, Penang", "Philippines, Cavite, GTC").
CITY_ACCURACY_FLOOR = 0.95
CITIES_GUESSED_AT_MOST = 3
# Measured when the rules were written (manage.py evaluate_places): 238 of 246 right, 96.7 %, no area read as a
# country. The issue asks for 95 % right on at least 200 real strings; a change that reads them worse fails here.
ACCURACY_FLOOR = 0.95
HEADER = "string\tcountry\tlabel\tsource\n"


@cache
def _real_set():
    return read_places(REAL_SET)


def test_the_real_set_is_read_right_for_at_least_95_percent_of_its_countries():
    report = evaluate_places(_real_set())

    assert report.with_country >= 200
    assert report.accuracy >= ACCURACY_FLOOR, format_report(report)
    assert report.guessed == [], format_report(report)  # "Remote", "EMEA", "Asia": no country is guessed


def test_the_real_set_is_read_right_for_at_least_95_percent_of_its_cities():
    report = evaluate_cities(read_cities(REAL_CITIES))

    assert report.with_city >= 150
    assert report.accuracy >= CITY_ACCURACY_FLOOR, format_cities_report(report)
    assert len(report.guessed) <= CITIES_GUESSED_AT_MOST, format_cities_report(report)


def test_the_cities_file_labels_the_real_set_strings_in_order():
    assert [labelled.string for labelled in read_cities(REAL_CITIES)] == [place.string for place in _real_set()]


def _strings_in(path) -> set[str] | str:
    """Every string value of a JSON file, else the file's text."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".json":
        return text
    found, pending = set(), [json.loads(text)]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str):
            found.add(value.strip())
    return found


def test_every_string_of_the_real_set_is_in_its_source_word_for_word():
    for place in _real_set():
        source = FIXTURES / place.source.split()[0]
        written = _strings_in(source)
        # as written, or escaped as a page writes it in HTML or in its JSON-LD ("\u540d\u53e4...")
        spellings = (place.string, html.escape(place.string), json.dumps(place.string)[1:-1])
        assert any(spelling in written for spelling in spellings), (place.string, place.source)


def test_the_real_set_labels_each_string_once_and_says_how():
    places = _real_set()

    assert len({place.string for place in places}) == len(places)
    assert {place.label for place in places} <= {"record", "name-field", "hand", "area"}
    assert all((place.label == "area") == (place.country == "") for place in places)


def test_right_wrong_and_missing_countries_are_counted_apart(tmp_path):
    # given strings read right, read as another country, read as none, and an area
    labelled = tmp_path / "places.tsv"
    labelled.write_text(
        HEADER + "München\tDE\trecord\ta.json x\n" + "Cham\tCH\trecord\tb.html y\n" + "Cittanova\tIT\trecord\tc.json z\n"
        + "Remote - EMEA\t\tarea\td.json w\n",
        encoding="utf-8",
    )

    report = evaluate_places(read_places(labelled))

    assert (report.with_country, report.right, report.areas, report.guessed) == (3, 1, 1, [])
    assert [(miss.place.string, miss.got) for miss in report.wrong] == [("Cham", "SY")]
    assert [(miss.place.string, miss.got) for miss in report.missing] == [("Cittanova", None)]
    assert "accuracy:      33.3%" in format_report(report)


@pytest.mark.parametrize(
    "content",
    ["", "name\tcountry\n", HEADER + "Berlin\tGermany\trecord\tx\n", HEADER + "Berlin\tDE\n", HEADER + "\tDE\trecord\tx\n"],
)
def test_a_file_that_is_not_the_set_is_refused_with_its_line(tmp_path, content):
    labelled = tmp_path / "places.tsv"
    labelled.write_text(content, encoding="utf-8")

    with pytest.raises(PlacesFileError, match="places.tsv"):
        read_places(labelled)


def test_the_command_prints_the_counts_and_the_misses(tmp_path, capsys):
    labelled = tmp_path / "places.tsv"
    labelled.write_text(HEADER + "München\tDE\trecord\ta.json x\n" + "Cham\tCH\trecord\tb.html y\n", encoding="utf-8")

    cities = tmp_path / "cities.tsv"
    cities.write_text("string\tgeoname_id\tcity\tnote\nMünchen\t2867714\tMunich\t\nSpringfield\t\t\tambiguous\n",
                      encoding="utf-8")

    call_command("evaluate_places", "--file", str(labelled), "--cities", str(cities))

    out = capsys.readouterr().out
    assert "2 strings" in out and "right country: 1" in out and "wrong country: 1" in out and "accuracy:      50.0%" in out
    assert "'Cham': got SY, labelled CH (record; b.html y)" in out
    assert "right city: 1" in out and "accuracy:   100.0%" in out and "naming no one city: 1, read as a city: 0" in out
