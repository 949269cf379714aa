"""jobscraper: Django project and core app (companies, jobs, scrape runs, pages).

The package itself imports nothing, so its pure modules (fields) load without Django or Celery, as the engines'
schema reads them on a GPU machine that has neither. The Celery app is made when Django starts (apps.py) and by
every tasks module that imports it; `celery -A jobscraper` finds it in jobscraper.celery."""
