"""Measuring `country_of` on labelled location strings: right, wrong or no country for each, and areas not guessed (pure
once the file is read; nothing touches the database)."""
import csv
from dataclasses import dataclass, field
from pathlib import Path

from .places import country_of

COLUMNS = ("string", "country", "label", "source")


class PlacesFileError(Exception):
    """The labelled file cannot be read as the set: the message names the file and the line."""


@dataclass(frozen=True)
class LabelledPlace:
    string: str
    country: str  # ISO 3166-1 alpha-2; "" where the string names no one country ("Remote", "EMEA")
    label: str  # how the country was established: record, name-field, hand, area
    source: str  # the fixture file and the record the string was taken from


@dataclass(frozen=True)
class Miss:
    place: LabelledPlace
    got: str | None


@dataclass
class PlacesReport:
    with_country: int = 0
    right: int = 0
    wrong: list[Miss] = field(default_factory=list)  # a country other than the label's
    missing: list[Miss] = field(default_factory=list)  # no country where the label has one
    areas: int = 0  # strings that name no one country
    guessed: list[Miss] = field(default_factory=list)  # of those, read as some country

    @property
    def accuracy(self) -> float:
        return self.right / self.with_country if self.with_country else 0.0


def read_places(path: Path) -> list[LabelledPlace]:
    """The labelled strings of a TSV file with the columns string, country, label, source (a header line first)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlacesFileError(f"{path}: cannot be read ({exc})") from exc
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise PlacesFileError(f"{path}: the first line must name the columns {', '.join(COLUMNS)}")
    places = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS) or not row[0].strip():
            raise PlacesFileError(f"{path}, line {number}: expected {len(COLUMNS)} columns and a string, got {row!r:.200}")
        string, country, label, source = row
        if country and not (len(country) == 2 and country.isupper()):
            raise PlacesFileError(f"{path}, line {number}: country {country!r} is no ISO 3166-1 alpha-2 code")
        places.append(LabelledPlace(string, country, label, source))
    return places


def evaluate_places(places: list[LabelledPlace]) -> PlacesReport:
    report = PlacesReport()
    for place in places:
        got = country_of(place.string)
        if not place.country:
            report.areas += 1
            if got:
                report.guessed.append(Miss(place, got))
            continue
        report.with_country += 1
        if got == place.country:
            report.right += 1
        else:
            (report.wrong if got else report.missing).append(Miss(place, got))
    return report


def format_report(report: PlacesReport) -> str:
    lines = [
        f"strings with a country: {report.with_country}",
        f"  right country: {report.right}",
        f"  wrong country: {len(report.wrong)}",
        f"  no country:    {len(report.missing)}",
        f"  accuracy:      {report.accuracy:.1%}",
        f"strings naming no one country (areas): {report.areas}, read as a country: {len(report.guessed)}",
    ]
    for title, misses in (("wrong", report.wrong), ("no country", report.missing), ("area read as a country", report.guessed)):
        if misses:
            lines.append(f"{title}:")
            lines += [
                f"  {miss.place.string!r}: got {miss.got or '-'}, labelled {miss.place.country or '-'} "
                f"({miss.place.label}; {miss.place.source})"
                for miss in misses
            ]
    return "\n".join(lines)
