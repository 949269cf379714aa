"""Measuring `country_of` and `city_of` on labelled location strings: right, wrong or no country (city) for each, and
areas (places that name no city) not guessed (pure once the files are read; nothing touches the database)."""
import csv
from dataclasses import dataclass, field
from pathlib import Path

from .cities import city_of
from .places import country_of

COLUMNS = ("string", "country", "label", "source")
CITY_COLUMNS = ("string", "geoname_id", "city", "note")


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
    place: "LabelledPlace | LabelledCity"
    got: str | None


@dataclass
class Score:
    """Labelled strings against what was read: right, wrong or nothing where the label names one place; and the
    strings labelled as naming none, with those read as one anyway."""

    labelled: int = 0
    right: int = 0
    wrong: list[Miss] = field(default_factory=list)  # another place than the label's
    missing: list[Miss] = field(default_factory=list)  # none where the label has one
    unlabelled: int = 0  # strings that name no one place
    guessed: list[Miss] = field(default_factory=list)  # of those, read as one

    @property
    def accuracy(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0

    def add(self, place, *, expected, got, shown: str | None) -> None:
        """Count `place`, labelled `expected` (None: it names none), read as `got` (shown as `shown` in a miss)."""
        if expected is None:
            self.unlabelled += 1
            if got is not None:
                self.guessed.append(Miss(place, shown))
            return
        self.labelled += 1
        if got == expected:
            self.right += 1
        else:
            (self.wrong if got is not None else self.missing).append(Miss(place, shown))

    def lines(self, *, what: str, describe) -> list[str]:
        """The report: counts, then each miss as `describe(place)` says its label."""
        width = len(f"wrong {what}: ")  # the counts in one column
        lines = [
            f"strings naming one {what}: {self.labelled}",
            f"  right {what}: {self.right}",
            f"  wrong {what}: {len(self.wrong)}",
            f"  {f'no {what}:':<{width}}{len(self.missing)}",
            f"  {'accuracy:':<{width}}{self.accuracy:.1%}",
            f"strings naming no one {what}: {self.unlabelled}, read as a {what}: {len(self.guessed)}",
        ]
        for title, misses in ((f"wrong {what}", self.wrong), (f"no {what}", self.missing),
                              (f"read as a {what}", self.guessed)):
            if misses:
                lines.append(f"{title}:")
                lines += [f"  {miss.place.string!r}: got {miss.got or '-'}, labelled {describe(miss.place)}"
                          for miss in misses]
        return lines


class PlacesReport(Score):
    @property
    def with_country(self) -> int:
        return self.labelled

    @property
    def areas(self) -> int:  # strings that name no one country ("Remote", "EMEA")
        return self.unlabelled


def _rows(path: Path, columns: tuple) -> list[tuple[int, list[str]]]:
    """(line number, row) of a TSV file whose first line names `columns`; each row of them, with a string first."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlacesFileError(f"{path}: cannot be read ({exc})") from exc
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    if not rows or tuple(rows[0]) != columns:
        raise PlacesFileError(f"{path}: the first line must name the columns {', '.join(columns)}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns) or not row[0].strip():
            raise PlacesFileError(f"{path}, line {number}: expected {len(columns)} columns and a string, got {row!r:.200}")
    return list(enumerate(rows[1:], start=2))


def read_places(path: Path) -> list[LabelledPlace]:
    """The labelled strings of a TSV file with the columns string, country, label, source (a header line first)."""
    places = []
    for number, row in _rows(path, COLUMNS):
        string, country, label, source = row
        if country and not (len(country) == 2 and country.isupper()):
            raise PlacesFileError(f"{path}, line {number}: country {country!r} is no ISO 3166-1 alpha-2 code")
        places.append(LabelledPlace(string, country, label, source))
    return places


def evaluate_places(places: list[LabelledPlace]) -> PlacesReport:
    report = PlacesReport()
    for place in places:
        got = country_of(place.string)
        report.add(place, expected=place.country or None, got=got, shown=got)
    return report


def format_report(report: PlacesReport) -> str:
    return "\n".join(report.lines(
        what="country", describe=lambda place: f"{place.country or '-'} ({place.label}; {place.source})"
    ))


@dataclass(frozen=True)
class LabelledCity:
    string: str
    geoname_id: int | None  # the city the string names; None where it names none, several or one too small
    city: str  # its geonames name, for the reader
    note: str  # why, where the label is not plain


class CitiesReport(Score):
    @property
    def with_city(self) -> int:
        return self.labelled

    @property
    def without_city(self) -> int:  # strings that name no one city
        return self.unlabelled


def read_cities(path: Path) -> list[LabelledCity]:
    """The labelled strings of a TSV file with the columns string, geoname_id, city, note (a header line first)."""
    cities = []
    for number, (string, geoname_id, city, note) in _rows(path, CITY_COLUMNS):
        if geoname_id and not geoname_id.isdigit():
            raise PlacesFileError(f"{path}, line {number}: geoname_id {geoname_id!r} is no geonames id")
        cities.append(LabelledCity(string, int(geoname_id) if geoname_id else None, city, note))
    return cities


def evaluate_cities(cities: list[LabelledCity]) -> CitiesReport:
    """The city read from each string alone, as `country_of` is measured: no record's country helps."""
    report = CitiesReport()
    for labelled in cities:
        found = city_of(labelled.string)
        report.add(labelled, expected=labelled.geoname_id, got=found and found.geoname_id,
                   shown=f"{found.name} ({found.geoname_id})" if found else None)
    return report


def _city_label(place: LabelledCity) -> str:
    label = f"{place.city} ({place.geoname_id})" if place.geoname_id else "-"
    return label + (f" ({place.note})" if place.note else "")


def format_cities_report(report: CitiesReport) -> str:
    return "\n".join(report.lines(what="city", describe=_city_label))
