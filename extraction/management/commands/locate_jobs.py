"""Read every job's stored places again (country, city, coordinates) and rewrite its cities for the distance filter:
for jobs stored before cities were read (migration 0022), and after the rules or the gazetteer change."""
from django.core.management.base import BaseCommand
from django.db import transaction

from extraction.normalize import located
from jobscraper.job_places import job_places_sync
from jobscraper.models import Job

BATCH = 500  # jobs read and written per transaction: ~0.5 s of reading places, a short lock on each batch


class Command(BaseCommand):
    help = "Read every job's places again and rewrite the cities the distance filter reads (JobPlace)."

    def handle(self, *args, **options):
        done, last = 0, 0
        while True:
            with transaction.atomic():
                jobs = list(Job.objects.select_for_update().filter(pk__gt=last).order_by("pk").only("locations")[:BATCH])
                if not jobs:
                    break
                for job in jobs:
                    if isinstance(job.locations, list):
                        job.locations = [located(place) if isinstance(place, dict) else place for place in job.locations]
                Job.objects.bulk_update(jobs, ["locations"])
                job_places_sync(jobs=jobs)
            done, last = done + len(jobs), jobs[-1].pk
        self.stdout.write(f"{done} jobs located")
