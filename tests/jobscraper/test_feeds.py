"""The Atom feed of a search: valid Atom, the search's jobs newest first, scraped text inert, one query."""
from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from jobscraper import selectors
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_atom_with_the_searchs_jobs_newest_first(client, django_assert_num_queries):
    company = plain_company("Acme")
    now = timezone.now()
    old = make_job(company, title="Old Remote Role", remote="remote", first_seen_at=now - timedelta(days=2))
    new = make_job(company, title="New Remote Role", remote="remote", first_seen_at=now,
                   locations=[{"name": "Berlin, Germany"}], summary="Run the platform.")
    make_job(company, title="Office Role", remote="onsite")

    with django_assert_num_queries(1):
        response = client.get(reverse("job_feed"), {"remote": "remote", "sort": "salary"})

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["New Remote Role at Acme", "Old Remote Role at Acme"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"http://testserver{new.get_absolute_url()}", f"http://testserver{old.get_absolute_url()}",
    ]
    assert entries[0].findtext(f"{ATOM}summary") == "Berlin, Germany — Run the platform."
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Acme"
    alternate = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == "http://testserver/?remote=remote&sort=salary"


def test_feed_keeps_scraped_markup_inert(client):
    make_job(plain_company(), title="<script>alert(1)</script>", summary='<img src=x onerror="alert(2)">')

    entry = ElementTree.fromstring(client.get(reverse("job_feed")).content).find(f"{ATOM}entry")

    assert entry.findtext(f"{ATOM}title") == "<script>alert(1)</script> at Acme"  # type text: shown as written
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"  # HTML that renders as the text


def test_feed_is_capped(client, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_ITEMS", 3)
    company = plain_company()
    for _ in range(5):
        make_job(company)

    assert len(ElementTree.fromstring(client.get(reverse("job_feed")).content).findall(f"{ATOM}entry")) == 3
