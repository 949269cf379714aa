"""Measuring the extraction cascade on labelled postings: read them as a scrape would, run them, score each field.

Scoring is pure; reading runs crawl4ai on the local files; nothing touches the database.
"""
import asyncio
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scraping.errors import FetchError
from scraping.http import FetchedPage, decode_html
from scraping.reading import page_reader
from scraping.sources.base import Posting
from scraping.sources.career_page import postings_from_page

from .cascade import fields_from_result
from .engines import Engine, ExtractionRequest

SALARY_TOLERANCE = 0.01  # a salary bound matches its label within 1 %
# The fields scored, in the order the table lists them, each with how a value is compared to its label.
TEXT_FIELDS = ("title", "company")
SALARY_BOUNDS = ("salary_min", "salary_max")
SCORED_FIELDS = (
    "title", "company", "locations", "remote", "employment_type",
    "salary_min", "salary_max", "salary_currency", "salary_period", "date_posted",
)
# A value that says nothing: an enum's "unknown" is no answer, in a label as in a prediction.
_NO_VALUE = (None, "", "unknown", [])


@dataclass
class FieldScore:
    labelled: int = 0  # postings whose label has a value
    correct: int = 0  # of those, how many got the labelled value
    covered: int = 0  # of those, how many got any value
    invented: int = 0  # postings whose label is empty but that got a value

    @property
    def accuracy(self) -> float:
        return self.correct / self.labelled if self.labelled else 0.0

    @property
    def coverage(self) -> float:
        return self.covered / self.labelled if self.labelled else 0.0


@dataclass
class Mismatch:
    posting: str
    field: str
    expected: object
    got: object


@dataclass
class Report:
    engine: str
    postings: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {name: FieldScore() for name in SCORED_FIELDS})
    dropped: list[str] = field(default_factory=list)  # "posting: note" of each value the merge dropped
    errors: list[str] = field(default_factory=list)  # "posting: reason" of each posting the engine failed
    mismatches: list[Mismatch] = field(default_factory=list)


def normalised_text(value) -> str:
    """Case, accents' composed forms, punctuation and spacing set aside: 'Trampoline Coach  Bushey' ~ 'trampoline coach bushey'."""
    value = unicodedata.normalize("NFKC", str(value or "")).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", value).split())


def _place(location) -> tuple[str, str]:
    """(leading part, whole) of a location, normalised: a label's string or a stored location's name."""
    whole = str(location.get("name") or "") if isinstance(location, dict) else str(location)
    return normalised_text(whole.split(",")[0]), normalised_text(whole)


def locations_match(labelled: list[str], predicted) -> bool:
    """Every labelled place is named by a predicted one: the label's leading part (its city, or the place itself)
    appears in a predicted location, or a predicted location's leading part appears in the label."""
    places = [_place(location) for location in predicted or []]

    def named(label: str) -> bool:
        head, whole = _place(label)
        return any((head and head in other) or (other_head and other_head in whole) for other_head, other in places)

    return bool(places) and all(named(label) for label in labelled)


def values_match(name: str, expected, got) -> bool:
    if name in SALARY_BOUNDS:
        return abs(float(got) - float(expected)) <= SALARY_TOLERANCE * max(abs(float(expected)), 1)
    if name in TEXT_FIELDS:
        return normalised_text(got) == normalised_text(expected)
    if name == "locations":
        return locations_match(expected, got)
    return str(got) == str(expected)  # enums, currency codes, ISO dates


def score_posting(report: Report, *, posting: str, label: dict, values: dict) -> None:
    """Add one posting's stored values, scored against its label, to `report`."""
    report.postings += 1
    for name in SCORED_FIELDS:
        expected, got = label.get(name), values.get(name)
        expected = None if expected in _NO_VALUE else expected
        got = None if got in _NO_VALUE else got
        score = report.fields[name]
        if expected is None:
            if got is not None:
                score.invented += 1
                report.mismatches.append(Mismatch(posting, name, None, got))
            continue
        score.labelled += 1
        score.covered += got is not None
        if got is not None and values_match(name, expected, got):
            score.correct += 1
        else:
            report.mismatches.append(Mismatch(posting, name, expected, got))


def format_table(report: Report) -> str:
    """field | labelled | accuracy | coverage | invented, then what the merge dropped and what failed."""
    lines = [
        f"engine: {report.engine}   postings: {report.postings}",
        f"{'field':<16} {'labelled':>8} {'accuracy':>9} {'coverage':>9} {'invented':>9}",
    ]
    for name, score in report.fields.items():
        lines.append(
            f"{name:<16} {score.labelled:>8} {score.accuracy:>9.0%} {score.coverage:>9.0%} {score.invented:>9}"
        )
    lines.append(f"values dropped: {len(report.dropped)}   engine errors: {len(report.errors)}")
    return "\n".join(lines)


def format_details(report: Report) -> str:
    """Each posting's mismatches, dropped values and errors, for a reviewer."""
    lines = [f"{m.posting}: {m.field}: expected {m.expected!r}, got {m.got!r}" for m in report.mismatches]
    lines += [f"dropped {note}" for note in report.dropped]
    lines += [f"error {note}" for note in report.errors]
    return "\n".join(lines)


@dataclass
class LabelledPosting:
    name: str  # the label's local_file
    label: dict
    posting: Posting  # as a scrape gives it: text, structured source fields, and what those came from
    fetched_at: datetime | None = None  # when the page was saved, where its source says: what "3 days ago" counts from


def evaluate(*, engine: Engine, labelled: list[LabelledPosting]) -> Report:
    """Run the postings through `engine` in one batch and the production cascade, and score what would be stored."""
    requests = [
        ExtractionRequest(key=index, text=item.posting.text, known=item.posting.fields, fetched_at=item.fetched_at)
        for index, item in enumerate(labelled)
    ]
    report = Report(engine=engine.describe())
    for item, result in zip(labelled, engine.extract(requests), strict=True):
        if result.error:
            report.errors.append(f"{item.name}: {result.error}")
        values, _origins, dropped = fields_from_result(
            source=item.posting.fields, source_label=item.posting.origin, result_fields=result.fields,
            engine_label=engine.label, text=item.posting.text,
        )
        report.dropped += [f"{item.name}: {note}" for note in dropped]
        score_posting(report, posting=item.name, label=item.label, values=values)
    return report


class LabelsError(Exception):
    """The labels file, or a file it names, cannot be read."""


def read_labelled(*labels_paths: Path) -> list[LabelledPosting]:
    """Each labelled file as a Posting: an .html file as CareerPageSource reads a fetched page, any other as text.
    A label names its file relative to its labels file; postings of several labels files are named by that path."""
    labels, paths = [], []
    for labels_path in labels_paths:
        try:
            lines = labels_path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise LabelsError(f"cannot read {labels_path}: {exc.strerror}") from exc
        for line in lines:
            if line.strip():
                label = json.loads(line)
                labels.append(label)
                paths.append(labels_path.parent / label["local_file"])
    several = len(labels_paths) > 1
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise LabelsError(f"labelled files not found: {', '.join(missing)}")
    pages = asyncio.run(_read_pages([path for path in paths if path.suffix == ".html"]))
    return [
        LabelledPosting(
            name=str(path) if several else label["local_file"],
            label=label,
            posting=pages.get(path) or Posting(external_id=str(path), text=path.read_text(encoding="utf-8")),
            fetched_at=_moment(label.get("fetched_at"), path),
        )
        for label, path in zip(labels, paths, strict=True)
    ]


def _moment(value, path: Path) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as exc:
        raise LabelsError(f"{path}: fetched_at {value!r} is not an ISO date and time") from exc


async def _read_pages(paths: list[Path]) -> dict[Path, Posting]:
    """Each page read as a fetched job page: its first JSON-LD JobPosting, else the page itself as markdown, without
    its site's furniture."""
    postings = {}
    async with page_reader(browser=False) as read:
        for path in paths:
            try:
                # Decoded as a fetched page is: by its declared encoding ("EUC-KR"), else by detection.
                fetched = FetchedPage(url=path.resolve().as_uri(), html=decode_html(path.read_bytes()))
                page = await read(fetched, posting=True)
            except FetchError as exc:
                raise LabelsError(f"{path}: {exc.reason}") from exc
            postings[path] = postings_from_page(page)[0]
    return postings
