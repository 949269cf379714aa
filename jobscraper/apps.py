"""App config of the core app."""
from importlib import import_module

from django.apps import AppConfig


class JobscraperConfig(AppConfig):
    name = "jobscraper"
    verbose_name = "Jobs"

    def ready(self):
        # Every Django process (web, manage, worker) has the Celery app, so a shared task sent from one uses its
        # broker and routes (Celery's documented place is the package's __init__, which the engines' schema imports).
        import_module(f"{self.name}.celery")
