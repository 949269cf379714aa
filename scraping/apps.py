"""App config of the scraping stage."""
from django.apps import AppConfig


class ScrapingConfig(AppConfig):
    name = "scraping"
