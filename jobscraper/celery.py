"""The Celery app: three queues (scrape on CPU, gpu with one solo worker, cloud)."""
import os

from celery import Celery
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

app = Celery("jobscraper")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = tuple(Queue(name) for name in settings.QUEUE_NAMES)
app.conf.task_routes = {
    "scraping.tasks.*": {"queue": "scrape"},
    "extraction.tasks.route_jobs_task": {"queue": "scrape"},
    "extraction.tasks.cluster_jobs_task": {"queue": "scrape"},
    "extraction.tasks.clusters_order_check_task": {"queue": "scrape"},
    "extraction.tasks.extract_local_task": {"queue": "gpu"},
    "extraction.tasks.extract_cloud_task": {"queue": "cloud"},
    "extraction.tasks.resend_cloud_task": {"queue": "cloud"},
    "extraction.tasks.submit_cloud_batch_task": {"queue": "cloud"},
    "extraction.tasks.poll_cloud_batches_task": {"queue": "cloud"},
    "alerts.tasks.*": {"queue": "scrape"},
}
app.autodiscover_tasks()

# A task that finds the database gone (restarted, failed over) is tried again rather than acknowledged as failed:
# late acks re-deliver only after a lost worker, so nothing else would run it again. Waits are drawn at random up to
# 1, 2, 4 ... 60 s (full jitter: every worker's failed tasks do not return at once); 14 tries take ~4.5 minutes on
# average and ~9 at most, so a restart of a minute or two is ridden out. Only connection errors: any other error
# is a bug that a retry would repeat.
RETRY_ON_DATABASE_LOSS = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 60,  # seconds
    "retry_jitter": True,
    "max_retries": 14,
}
