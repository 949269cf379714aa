"""App config of the extraction stage: it routes what a scrape stored as soon as the scrape says so."""
from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "extraction"

    def ready(self):
        from scraping.signals import postings_to_extract

        from .services import postings_scraped_route

        postings_to_extract.connect(postings_scraped_route, dispatch_uid="extraction routes scraped postings")
