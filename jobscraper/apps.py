"""App config of the core app."""
from django.apps import AppConfig


class JobscraperConfig(AppConfig):
    name = "jobscraper"
    verbose_name = "Jobs"
