"""The one cleaning of text in and out (jobscraper/text.py), without a database."""
from jobscraper.text import clean_text, clean_text_deep, escaped_key


def test_controls_and_bidi_overrides_are_dropped_and_lines_kept():
    assert clean_text("a\x00b\x07c\x1b\x7f\u202ed\u2066e") == "abcde"
    assert clean_text("line\none\tcell\r\n") == "line\none\tcell\r\n"
    assert clean_text("\u05e9\u05dc\u05d5\u05dd and \u200fmarks") == "\u05e9\u05dc\u05d5\u05dd and \u200fmarks"


def test_a_lone_surrogate_becomes_the_replacement_character():
    assert clean_text("x\ud800y") == "x\ufffdy"


def test_every_string_of_a_json_value_is_cleaned_keys_too():
    assert clean_text_deep({"ti\x00tle": ["a\x00", {"b": "c\u202e"}], "n": 1}) == {"title": ["a", {"b": "c"}], "n": 1}


def test_an_id_keeps_what_cleaning_drops_as_escapes_so_ids_stay_distinct_and_never_empty():
    assert escaped_key("\x08") == "\\x08"
    assert escaped_key("a\x00") != escaped_key("a\x01")
    assert escaped_key("job\u202e-1\ud800") == "job\\u202e-1\\ud800"
    assert escaped_key("plain-42") == "plain-42"
    assert clean_text(escaped_key("a\x00\ud800")) == escaped_key("a\x00\ud800")  # storable as it is
