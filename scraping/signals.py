"""What scraping tells the layers above it, which it may not import."""
from django.dispatch import Signal

# Sent by a scrape, within its task, with `job_ids`: the jobs it stored new or changed, which need extraction.
# Extraction routes them at once (extraction/apps.py), so the gpu worker starts on them without waiting behind the
# other due scrapes; a receiver returns what it did with them.
postings_to_extract = Signal()
