"""App config of the extraction stage."""
from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "extraction"
