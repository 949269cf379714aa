"""`manage.py seed_demo --site-url URL`: create or update the demo companies so they scrape the demo site there."""
from django.core.management.base import BaseCommand

from jobscraper.demo.services import demo_companies_seed


class Command(BaseCommand):
    help = "Create the demo companies (one per source kind), or point them again at the demo site served at --site-url."

    def add_arguments(self, parser):
        parser.add_argument("--site-url", required=True, help="the demo site's address, e.g. http://127.0.0.1:8765")

    def handle(self, *, site_url, **options):
        for company in demo_companies_seed(site_url=site_url.rstrip("/")):
            self.stdout.write(f"{company.name}: {company.get_source_kind_display()} at {company.careers_url}")
