"""Score the country and the city read from each labelled location string: right, wrong or none, and the misses."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extraction.place_evaluation import (
    PlacesFileError, evaluate_cities, evaluate_places, format_cities_report, format_report, read_cities, read_places,
)

DEFAULT_FILE = Path(settings.BASE_DIR) / "tests" / "fixtures" / "places" / "labelled.tsv"
DEFAULT_CITIES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "places" / "cities.tsv"


class Command(BaseCommand):
    help = (
        "Read the country and the city of every labelled location string as stored locations are normalised, and "
        "count the strings given their labelled country (city), another one, or none; list every miss."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FILE,
            help="a TSV file with the columns string, country, label, source (default: the real set, %(default)s)",
        )
        parser.add_argument(
            "--cities", type=Path, default=DEFAULT_CITIES,
            help="a TSV file with the columns string, geoname_id, city, note (default: the real set's cities, "
                 "%(default)s); '-' for none",
        )

    def handle(self, *args, file: Path, cities: Path, **options):
        try:
            places = read_places(file)
            labelled_cities = read_cities(cities) if str(cities) != "-" else []
        except PlacesFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{file}: {len(places)} strings")
        self.stdout.write(format_report(evaluate_places(places)))
        if labelled_cities:
            self.stdout.write(f"{cities}: {len(labelled_cities)} strings")
            self.stdout.write(format_cities_report(evaluate_cities(labelled_cities)))
