"""The scraper's one HTTP client: public http(s) only, capped, paced per host through Redis, retried, robots-aware.

client.py fetches (send, attempt, retry, capped reads) and posts webhooks' bodies; guard.py allows only public
addresses, and tells the admin which careers URLs it would refuse; pacing.py keeps each host's slots and interval in
Redis; robots.py reads and obeys robots.txt; cache.py keeps bodies for conditional GET; encoding.py turns a page's bytes
into text.
"""
from .client import FetchedPage, get_bytes, get_json, get_page, get_resource, post_bytes, post_json
from .encoding import decode_html
from .guard import url_refusal
from .redis_keys import REDIS_PREFIX

__all__ = ["FetchedPage", "REDIS_PREFIX", "decode_html", "get_bytes", "get_json", "get_page", "get_resource",
           "post_bytes", "post_json", "url_refusal"]
