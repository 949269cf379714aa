"""Measuring the matcher on labelled pairs of real postings (tests/fixtures/duplicates/pairs.json): precision and
recall of "same job", per part of the set, and the pairs it misjudged (pure: reads a file, touches no database)."""
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import PostingFacts, Verdict, compare

# The part the rules were tuned on, the part kept out of sight while tuning, pairs collected after the rules were
# frozen (new_pairs.json, seen since), a third set drawn after 211f132 and scored once (third_pairs.json), and a fourth
# drawn after bd519d5 and scored once (fourth_pairs.json).
SPLITS = ("tune", "heldout", "new", "third", "fourth")


class PairsError(Exception):
    pass


@dataclass(frozen=True)
class LabelledPair:
    id: str
    same: bool  # the label: one job, or the same employer's other job
    kind: str  # repost, double_post, ats_and_board, two_boards; seniority, team, location, role
    split: str
    why: str
    a: PostingFacts
    b: PostingFacts


@dataclass
class Judged:
    pair: LabelledPair
    verdict: Verdict

    @property
    def right(self) -> bool:
        return self.verdict.same == self.pair.same


@dataclass
class Score:
    judged: list[Judged] = field(default_factory=list)

    def _count(self, *, label: bool, verdict: bool) -> int:
        return sum(1 for j in self.judged if j.pair.same is label and j.verdict.same is verdict)

    @property
    def precision(self) -> float:
        """Of the pairs called one job, the share that are."""
        true, false = self._count(label=True, verdict=True), self._count(label=False, verdict=True)
        return true / (true + false) if true + false else 1.0

    @property
    def recall(self) -> float:
        """Of the pairs that are one job, the share called so."""
        true, missed = self._count(label=True, verdict=True), self._count(label=True, verdict=False)
        return true / (true + missed) if true + missed else 1.0

    @property
    def misjudged(self) -> list[Judged]:
        return [j for j in self.judged if not j.right]


def _day(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value) -> datetime | None:
    """A snapshot's time as a record keeps it ("2026-08-21T13:11:03Z", UTC)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def facts_from_record(record: dict, *, evidence: bool = True) -> PostingFacts:
    """The facts matching reads of one side of a pair; with `evidence`, its requisition id, ATS job id (Greenhouse's
    `internal_job_id`) and URLs too (some labels rest on them: scored without, they show what the rest of the matcher
    does)."""
    board = record.get("board")
    exact = {"requisition_id": str(record.get("requisition_id") or ""),
             "ats_job_id": str(record.get("internal_job_id") or ""), "url": record.get("url") or "",
             "apply_url": record.get("apply_url") or ""} if evidence else {}
    return PostingFacts(
        title=record.get("title") or "",
        employer=record.get("company") or "",
        locations=tuple(record.get("locations") or ()),
        description=record.get("description") or "",
        source=f"{record['source']}:{board}" if board else record.get("source") or "",
        # The snapshots' times where the record keeps them (seen_*_at), else the days.
        listed_from=_moment(record.get("seen_from_at")) or _day(record.get("seen_from")),
        listed_until=_moment(record.get("seen_until_at")) or _day(record.get("seen_until")),
        **exact,
    )


def read_pairs(path: Path, *, evidence: bool = True) -> list[LabelledPair]:
    """The labelled pairs of a file; `evidence`: whether the matcher is given requisition ids, ATS job ids and URLs."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return [
            LabelledPair(
                id=pair["id"], same=pair["label"] == "same", kind=pair["kind"], split=pair["split"], why=pair["why"],
                a=facts_from_record(pair["a"], evidence=evidence), b=facts_from_record(pair["b"], evidence=evidence),
            )
            for pair in data["pairs"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PairsError(f"{path}: not a file of labelled pairs ({exc})") from exc


def evaluate(pairs: list[LabelledPair]) -> dict[str, Score]:
    """Each pair judged, scored per split and over all pairs ("all")."""
    scores = {"all": Score(), **{split: Score() for split in SPLITS}}
    for pair in pairs:
        judged = Judged(pair, compare(pair.a, pair.b))
        scores["all"].judged.append(judged)
        scores.setdefault(pair.split, Score()).judged.append(judged)
    return scores


def format_table(scores: dict[str, Score]) -> str:
    lines = [f"{'part':<8} {'pairs':>5} {'same':>5} {'other':>5} {'precision':>9} {'recall':>7} {'wrong':>5}"]
    for name, score in scores.items():
        same = sum(1 for j in score.judged if j.pair.same)
        lines.append(
            f"{name:<8} {len(score.judged):>5} {same:>5} {len(score.judged) - same:>5} "
            f"{score.precision:>9.1%} {score.recall:>7.1%} {len(score.misjudged):>5}"
        )
    return "\n".join(lines)


def format_judged(judged: list[Judged]) -> str:
    lines = []
    for j in judged:
        label = "same" if j.pair.same else "different"
        called = "same" if j.verdict.same else "different"
        lines.append(f"{j.pair.id} [{j.pair.split}, {j.pair.kind}] labelled {label}, judged {called} ({j.verdict.score:.2f})")
        lines.append(f"  {j.pair.a.title!r} @ {j.pair.a.employer!r} {list(j.pair.a.locations)}")
        lines.append(f"  {j.pair.b.title!r} @ {j.pair.b.employer!r} {list(j.pair.b.locations)}")
        lines.append(f"  label: {j.pair.why}")
        lines.extend(f"  - {reason}" for reason in j.verdict.reasons)
    return "\n".join(lines)
