"""Score the country read from each labelled location string: right, wrong or none, and the misses."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extraction.place_evaluation import PlacesFileError, evaluate_places, format_report, read_places

DEFAULT_FILE = Path(settings.BASE_DIR) / "tests" / "fixtures" / "places" / "labelled.tsv"


class Command(BaseCommand):
    help = (
        "Read the country of every labelled location string as stored locations are normalised, and count the "
        "strings given their labelled country, another one, or none; list every miss."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FILE,
            help="a TSV file with the columns string, country, label, source (default: the real set, %(default)s)",
        )

    def handle(self, *args, file: Path, **options):
        try:
            places = read_places(file)
        except PlacesFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{file}: {len(places)} strings")
        self.stdout.write(format_report(evaluate_places(places)))
