"""The duplicate matcher on the real labelled pairs (tests/fixtures/duplicates): the sets are what their README says,
the matcher finds the same jobs in the first set with precision and recall of 95 % or more, and the new, third and
fourth held-out sets score no lower than they did when first run (docs/duplicates.md says what each measures)."""
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from extraction.duplicates.evaluation import evaluate, read_pairs

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "duplicates" / "pairs.json"
NEW_PAIRS = PAIRS.with_name("new_pairs.json")
THIRD_PAIRS = PAIRS.with_name("third_pairs.json")  # drawn after the rules of 211f132 were frozen, scored once
FOURTH_PAIRS = PAIRS.with_name("fourth_pairs.json")  # drawn after the rules of bd519d5 were frozen, scored once
HELD_OUT = {NEW_PAIRS: "new", THIRD_PAIRS: "third", FOURTH_PAIRS: "fourth"}  # collected after rules were frozen
TARGET = 0.95  # issue 19: precision and recall of "same job" at least 95 %
# The new set's (precision, recall) with the exact evidence and without it: floors against regressions, not targets.
# The frozen rules (05fb7cd) first scored 78.7 % / 92.3 % with it; evidence no longer joins titles naming two roles
# since that run showed requisitions reused for them (12 pairs), so the figure with it is no longer a held-out one; and
# it reads the ATS job id (Greenhouse's internal_job_id) since, on which the double posts' labels themselves rest.
NEW_FLOORS = {True: (1.0, 0.885), False: (1.0, 0.731)}
# The third set's figures when it was scored, once, with the rules of 211f132 (28 and 24 of its 33 same pairs found, no
# false match): what was measured, not a target.
THIRD_FLOORS = {True: (1.0, 0.848), False: (1.0, 0.727)}
# The fourth set's figures when it was scored, once, with the rules of bd519d5 (all 37 same pairs found, no false match,
# with and without the evidence, which its source does not give): what was measured, not a target.
FOURTH_FLOORS = {True: (1.0, 1.0), False: (1.0, 1.0)}


def test_titles_apart_at_first_look_are_apart_when_every_part_is_read():
    from extraction.duplicates import apart_by_title, compare

    pairs = [pair for path in (PAIRS, *HELD_OUT) for pair in read_pairs(path)]
    apart = [pair for pair in pairs if apart_by_title(pair.a, pair.b)]
    assert len(apart) >= 20  # the first look settles many of the real near-misses
    assert [pair.id for pair in apart if compare(pair.a, pair.b).same] == []


@pytest.fixture(scope="module")
def scores():
    return evaluate(read_pairs(PAIRS))


@pytest.mark.parametrize("path", [PAIRS, *HELD_OUT], ids=["pairs", "new_pairs", "third_pairs", "fourth_pairs"])
def test_each_set_holds_30_real_pairs_of_each_label_each_with_its_provenance(path):
    pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    labels = [pair["label"] for pair in pairs]
    assert labels.count("same") >= 30 and labels.count("different") >= 30
    assert set(labels) == {"same", "different"}
    for pair in pairs:
        assert pair["why"], pair["id"]
        for side in (pair["a"], pair["b"]):
            provenance = side["provenance"]
            assert re.fullmatch(r"[0-9a-f]{40}", provenance["commit"]), pair["id"]
            assert provenance["repository"].count("/") == 1 and provenance["path"] and provenance["record"]
            assert side["title"] and side["company"]
        if path in HELD_OUT:  # collected after the rules were frozen: all of it held out
            assert pair["split"] == HELD_OUT[path], pair["id"]
            continue
        # the held-out part is chosen by the id alone, as the README says
        held_out = int(hashlib.sha1(pair["id"].encode()).hexdigest(), 16) % 3 == 0
        assert pair["split"] == ("heldout" if held_out else "tune"), pair["id"]


def test_precision_and_recall_on_the_real_pairs(scores):
    everything = scores["all"]
    wrong = [judged.pair.id for judged in everything.misjudged]
    assert everything.precision >= TARGET, wrong
    assert everything.recall >= TARGET, wrong


def test_each_held_out_sets_boards_are_not_the_earlier_sets():
    boards = [{pair[side].get("board") for pair in json.loads(path.read_text(encoding="utf-8"))["pairs"] for side in "ab"}
              for path in (PAIRS, *HELD_OUT)]
    for later in range(1, len(boards)):
        assert not (set().union(*boards[:later]) - {None}) & boards[later], later


@pytest.mark.parametrize("evidence", [True, False], ids=["with-evidence", "without"])
@pytest.mark.parametrize(
    "path, split, floors",
    [(NEW_PAIRS, "new", NEW_FLOORS), (THIRD_PAIRS, "third", THIRD_FLOORS), (FOURTH_PAIRS, "fourth", FOURTH_FLOORS)],
    ids=["new", "third", "fourth"],
)
def test_each_held_out_set_scores_no_lower_than_when_first_run(path, split, floors, evidence):
    scored = evaluate(read_pairs(path, evidence=evidence))[split]
    precision, recall = floors[evidence]
    wrong = [judged.pair.id for judged in scored.misjudged]
    assert round(scored.precision, 3) >= precision and round(scored.recall, 3) >= recall, wrong


def test_the_command_prints_each_part_and_the_misjudged_pairs(scores):
    out = io.StringIO()
    call_command("evaluate_duplicates", "--file", str(PAIRS), stdout=out)
    printed = out.getvalue()
    for part in ("all", "tune", "heldout"):
        assert re.search(rf"^{part}\s+{len(scores[part].judged)}\s", printed, re.MULTILINE)
    assert f"Misjudged (all, with evidence): {len(scores['all'].misjudged)}" in printed
    for judged in scores["all"].misjudged:
        assert judged.pair.id in printed
