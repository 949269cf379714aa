"""jobscraper: Django project and core app (companies, jobs, scrape runs, pages)."""
from .celery import app as celery_app

__all__ = ("celery_app",)
