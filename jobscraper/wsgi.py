"""WSGI entry point for gunicorn and runserver."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")
application = get_wsgi_application()

# Everything loaded so far (modules, URL patterns, models) lives as long as the process. Frozen, it is left out of
# the collector's full passes, which otherwise walk it all and stall the request they land in (~60 ms here,
# measured by bench/listing.py).
gc.collect()
gc.freeze()
