"""`manage.py load_exchange_rates FILE [--source ECB]`: store the rates of a saved ECB reference-rate file."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobscraper.exchange_rates import exchange_rates_store
from scraping.rates_feed import ECB_SOURCE, RatesFeedError, ecb_rates_parse


class Command(BaseCommand):
    help = (
        "Store the exchange rates of a saved ECB reference-rate file (eurofxref-daily.xml, eurofxref-hist-90d.xml or "
        "eurofxref-hist.xml), then convert again the salaries they change. A file with anything wrong in it stores "
        "nothing. The demo loads jobscraper/data/exchange_rates/ecb-hist-90d-2025-02-25.xml."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the XML file")
        parser.add_argument("--source", default=ECB_SOURCE, help=f"who published the rates (default {ECB_SOURCE})")

    def handle(self, *, file, source, **options):
        try:
            rates = ecb_rates_parse(file.read_bytes(), origin=str(file))
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        except RatesFeedError as exc:
            raise CommandError(f"nothing stored: {exc}") from exc
        self.stdout.write(str(exchange_rates_store(source=source, rates=rates)))
