"""Reading a pattern's source: what every match holds and starts with, and alternations grouped by first letter,
which must find what the pattern itself finds."""
import re

import pytest

from extraction.labels import COMPANY, PAY, PLACE, POSTED, TERMS
from extraction.patterns import alternatives, by_first_character, requirements, starts


def test_requirements_are_the_runs_every_match_holds():
    assert requirements(r"\bpart[- ]time\b") == [("part",), ("time",)]
    # a group it cannot skip gives one run per branch; an optional one and runs under three characters give none
    assert requirements(r"\b(?:interim|locum) (?:based )?(?:role|post)\b") == [("interim", "locum"), ("post", "role")]
    assert requirements(r"\b(?:is|be) an? remote\b") == [(" remote",)]


def test_starts_are_what_every_match_begins_with():
    assert starts(r"\bon-?site (?:role|job)\b") == ({"on-site role", "onsite role", "on-site job", "onsite job"}, True)
    assert starts(r"(?<!%)\bhome[- ]?office\b") == ({"home"}, False)  # a class ends them
    assert starts(r"\b\d+ days") == ({""}, False)


def _example(alternative: str) -> str:
    """A string `alternative` matches: spaces for "\\s+", a class's first character, a group's first branch."""
    text = re.sub(r"\[(.)[^]]*\]", r"\1", re.sub(r"\\s[+*]", " ", alternative))
    while "(" in text:
        text = re.sub(r"\(\?:([^|()]*)(?:\|[^()]*)?\)", r"\1", text)
    return text.replace("?", "")


@pytest.mark.parametrize("labels", [COMPANY, PLACE, PAY, TERMS, POSTED])
def test_labels_grouped_by_first_letter_match_as_before(labels):
    before = re.compile(rf"^[ *]*(?:{labels})", re.I | re.M)  # the first label that matches, as ordered
    after = re.compile(rf"^[ *]*(?:{by_first_character(labels)})", re.I | re.M)
    examples = [_example(alternative) for alternative in alternatives(labels)]
    text = "\n".join(f"{example}: x\n** {example.upper()} : y\n{example}s: z" for example in examples)
    assert len(before.findall(text)) >= 2 * len(examples)
    assert [m.span() for m in after.finditer(text)] == [m.span() for m in before.finditer(text)]


def test_grouping_refuses_an_alternative_without_a_plain_first_character():
    with pytest.raises(ValueError):
        by_first_character(r"(?:date\s+)?posted|listed")
