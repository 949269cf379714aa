"""The Celery app: three queues (scrape on CPU, gpu with one solo worker, cloud)."""
import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

app = Celery("jobscraper")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = (Queue("scrape"), Queue("gpu"), Queue("cloud"))
app.conf.task_routes = {
    "scraping.tasks.*": {"queue": "scrape"},
    "extraction.tasks.route_jobs_task": {"queue": "scrape"},
    "extraction.tasks.extract_local_task": {"queue": "gpu"},
    "extraction.tasks.extract_cloud_task": {"queue": "cloud"},
    "extraction.tasks.resend_cloud_task": {"queue": "cloud"},
}
app.autodiscover_tasks()
