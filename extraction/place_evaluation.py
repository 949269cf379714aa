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


@dataclass(frozen=True)
class LabelledCity:
    string: str
    geoname_id: int | None  # the city the string names; None where it names none, several or one too small
    city: str  # its geonames name, for the reader
    note: str  # why, where the label is not plain


@dataclass
class CitiesReport:
    with_city: int = 0
    right: int = 0
    wrong: list[Miss] = field(default_factory=list)  # another city than the label's
    missing: list[Miss] = field(default_factory=list)  # no city where the label has one
    without_city: int = 0  # strings that name no one city
    guessed: list[Miss] = field(default_factory=list)  # of those, read as a city

    @property
    def accuracy(self) -> float:
        return self.right / self.with_city if self.with_city else 0.0


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
        got = f"{found.name} ({found.geoname_id})" if found else None
        if labelled.geoname_id is None:
            report.without_city += 1
            if found:
                report.guessed.append(Miss(labelled, got))
            continue
        report.with_city += 1
        if found and found.geoname_id == labelled.geoname_id:
            report.right += 1
        else:
            (report.wrong if found else report.missing).append(Miss(labelled, got))
    return report


def format_cities_report(report: CitiesReport) -> str:
    lines = [
        f"strings naming one city: {report.with_city}",
        f"  right city: {report.right}",
        f"  wrong city: {len(report.wrong)}",
        f"  no city:    {len(report.missing)}",
        f"  accuracy:   {report.accuracy:.1%}",
        f"strings naming no one city: {report.without_city}, read as a city: {len(report.guessed)}",
    ]
    for title, misses in (("wrong city", report.wrong), ("no city", report.missing), ("read as a city", report.guessed)):
        if misses:
            lines.append(f"{title}:")
            lines += [
                f"  {miss.place.string!r}: got {miss.got or '-'}, labelled "
                f"{f'{miss.place.city} ({miss.place.geoname_id})' if miss.place.geoname_id else '-'}"
                + (f" ({miss.place.note})" if miss.place.note else "")
                for miss in misses
            ]
    return "\n".join(lines)
