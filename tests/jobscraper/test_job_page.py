"""The public job page as a seeker reads it: Apply where they need it, the way back to their search, its history in
words, and what it tells search engines (JSON-LD, description)."""
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from jobscraper import selectors
from jobscraper.filters import job_filters_parse
from jobscraper.models import Company, Job, JobChange
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


def _apply_links(html: str) -> list[str]:
    return re.findall(r'<a class="button apply" href="([^"]*)"[^>]*>([^<]*)</a>', html)


def test_apply_is_a_button_under_the_facts_and_again_after_the_description(client):
    job = make_job(plain_company("Acme"), source_url="https://acme.example/jobs/7", description_html="<p>Long text.</p>")

    html = client.get(job.get_absolute_url()).content.decode()
    html = html[html.index("<main"):]  # the page's head states the posting too

    assert _apply_links(html) == [("https://acme.example/jobs/7", "Apply on the company’s site")] * 2
    top, bottom = (match.start() for match in re.finditer('class="button apply"', html))
    assert html.index("</dl>") < top < html.index("Long text.") < bottom


@pytest.mark.parametrize("source_url", ["", "javascript:alert(1)", "ftp://acme.example/job"])
def test_an_unusable_apply_url_leads_to_the_careers_page_saying_so(client, source_url):
    job = make_job(plain_company("Acme"), source_url=source_url)

    html = client.get(job.get_absolute_url()).content.decode()

    assert _apply_links(html) == [("https://acme.example/careers", "Apply on Acme’s careers site")] * 2
    assert "This posting gave no usable apply link" in html
    assert "javascript:" not in html and "ftp:" not in html


def test_no_apply_button_without_a_usable_link_or_once_the_job_has_closed(client):
    company = plain_company("Acme")
    Company.objects.filter(pk=company.pk).update(careers_url="javascript:alert(1)")  # as an old row might hold
    unusable = make_job(Company.objects.get(pk=company.pk), source_url="javascript:alert(2)")
    closed = make_job(plain_company("Bolt"), status=Job.Status.CLOSED, closed_at=timezone.now())

    for job in (unusable, closed):
        html = client.get(job.get_absolute_url()).content.decode()
        assert _apply_links(html) == [] and "javascript:" not in html


def test_a_closed_job_asks_search_engines_to_drop_it_and_an_open_one_does_not(client):
    open_job = make_job(plain_company("Acme"))
    closed = make_job(plain_company("Bolt"), status=Job.Status.CLOSED, closed_at=timezone.now())

    assert '<meta name="robots" content="noindex">' in client.get(closed.get_absolute_url()).content.decode()
    assert 'name="robots"' not in client.get(open_job.get_absolute_url()).content.decode()


def _back_link(html: str) -> str:
    return unescape(re.search(r'<a class="back" href="([^"]*)">← All jobs</a>', html).group(1))


def test_a_job_link_from_the_list_carries_its_search_and_the_job_page_leads_back_to_it(client):
    job = make_job(plain_company("Acme"), title="Python Engineer", remote="remote")
    sibling = make_job(job.company, title="Sibling Role")
    searched = QueryDict("q=python&remote=remote&sort=salary&page=2")
    link = Template("{% load jobs %}{% job_link job %}").render(
        Context({"job": job, "filters": job_filters_parse(searched), "page": SimpleNamespace(number=2)})
    )

    html = client.get(unescape(link)).content.decode()

    back = urlsplit(_back_link(html))
    assert back.path == reverse("job_list")
    assert job_filters_parse(QueryDict(back.query)) == job_filters_parse(searched)
    more = unescape(re.search(r'<a href="([^"]*)">Sibling Role</a>', html).group(1))  # keeps the search too
    assert more.startswith(sibling.get_absolute_url() + "?from=") and _back_link(client.get(more).content.decode()) == _back_link(html)


def test_a_job_link_outside_a_search_is_the_plain_url(client):
    job = make_job(plain_company("Acme"))
    plain = Template("{% load jobs %}{% job_link job %}")

    assert plain.render(Context({"job": job})) == job.get_absolute_url()  # the company page
    assert plain.render(Context({"job": job, "filters": job_filters_parse(QueryDict())})) == job.get_absolute_url()
    assert _back_link(client.get(job.get_absolute_url()).content.decode()) == reverse("job_list")


@pytest.mark.parametrize("carried", [
    "https://evil.example/?q=python", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "\r\nLocation: x",
    "q=python&next=https://evil.example&redirect=//evil.example", "q=<script>alert(1)</script>&remote=javascript:x",
    "page=-1&sort=evil&company=abc", "q=" + "x" * 5_000,
])
def test_the_back_link_can_only_lead_to_our_own_list(client, carried):
    job = make_job(plain_company("Acme"))

    response = client.get(job.get_absolute_url(), {"from": carried})

    assert response.status_code == 200
    back = urlsplit(_back_link(response.content.decode()))
    assert (back.scheme, back.netloc, back.path, back.fragment) == ("", "", reverse("job_list"), "")
    assert set(parse_qs(back.query)) <= {"q", "page"}  # only the list's own parameters, each valid
    assert "evil" not in back.query and "javascript" not in back.query and "<" not in back.query


def _history(html: str) -> list[str]:
    section = html[html.index('<section class="history"'):]
    section = section[: section.index("</section>")]
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_history_says_each_moment_in_words_the_salary_whole(client):
    at = datetime(2026, 12, 6, 9, tzinfo=UTC)
    job = make_job(plain_company("Acme"), first_seen_at=at - timedelta(days=30), remote="hybrid", salary_min=Decimal("36"),
                   salary_max=Decimal("44"), salary_currency="EUR", salary_period="hour", employment_type="part_time",
                   locations=[{"name": "Munich, Germany", "city": "Munich", "country": "DE"}])
    change = partial(JobChange.objects.create, job=job, kind=JobChange.Kind.CHANGED)
    # one scrape's changes, stored as history stores them (figures as JSON floats), at one moment
    change(at=at, field="salary_min", old_value=32.0, new_value=36.0)
    change(at=at, field="salary_max", old_value=40.0, new_value=44.0)
    change(at=at, field="remote", old_value="onsite", new_value="hybrid")
    # earlier: the currency alone changed, when the figures were 32–40 an hour
    change(at=at - timedelta(days=20), field="salary_currency", old_value="USD", new_value="EUR")
    change(at=at - timedelta(days=10), field="locations", old_value=[{"name": "Berlin, Germany", "city": "Berlin"}],
           new_value=[{"name": "Munich, Germany", "city": "Munich", "country": "DE"}])
    change(at=at - timedelta(days=10), field="employment_type", old_value="full_time", new_value="part_time")
    change(at=at - timedelta(days=9), field="title", old_value="Barista", new_value="Head Barista")
    change(at=at - timedelta(days=8), field="remote", old_value="hybrid", new_value="unknown")

    html = client.get(job.get_absolute_url()).content.decode()

    assert _history(html) == [
        "6 Nov 2026: first seen",
        "16 Nov 2026: pay changed from USD 32–40 per hour to EUR 32–40 per hour",
        "26 Nov 2026: location changed from Berlin, Germany to Munich, Germany; now part-time",
        "27 Nov 2026: title changed from “Barista” to “Head Barista”",
        "28 Nov 2026: work mode no longer stated",
        "6 Dec 2026: pay raised from EUR 32–40 per hour to EUR 36–44 per hour; now hybrid",
    ]
    for name in ("salary_min", "salary min", "salary_currency", "locations", "employment_type", "onsite", "32.0", "36.0"):
        assert name not in " ".join(_history(html))


def test_history_says_pay_stated_lowered_and_gone_and_closing_and_reopening(client):
    at = datetime(2026, 3, 1, tzinfo=UTC)
    job = make_job(plain_company("Acme"), first_seen_at=at, salary_min=None, salary_max=None, salary_currency="",
                   salary_period="")
    change = partial(JobChange.objects.create, job=job, kind=JobChange.Kind.CHANGED)
    for field, old, new in (("salary_min", None, 60000.0), ("salary_currency", "", "GBP"), ("salary_period", "", "year")):
        change(at=at + timedelta(days=1), field=field, old_value=old, new_value=new)
    change(at=at + timedelta(days=2), field="salary_min", old_value=60000.0, new_value=55000.5)
    JobChange.objects.create(job=job, at=at + timedelta(days=3), kind=JobChange.Kind.CLOSED, new_value="gone")
    JobChange.objects.create(job=job, at=at + timedelta(days=4), kind=JobChange.Kind.REOPENED)
    for field, old, new in (("salary_min", 55000.5, None), ("salary_currency", "GBP", ""), ("salary_period", "year", "")):
        change(at=at + timedelta(days=5), field=field, old_value=old, new_value=new)
    JobChange.objects.create(job=job, at=at + timedelta(days=6), kind=JobChange.Kind.CLOSED, new_value="expired")

    assert _history(client.get(job.get_absolute_url()).content.decode()) == [
        "1 Mar 2026: first seen",
        "2 Mar 2026: pay now stated: GBP 60,000 per year",
        "3 Mar 2026: pay lowered from GBP 60,000 per year to GBP 55,000.50 per year",
        "4 Mar 2026: closed: no longer listed by the company",
        "5 Mar 2026: reopened: listed again",
        "6 Mar 2026: pay no longer stated (was GBP 55,000.50 per year)",
        "7 Mar 2026: closed: its closing date passed",
    ]


def test_history_on_the_public_page_holds_only_the_kinds_it_says_in_words(client):
    job = make_job(plain_company("Acme"), title="Platform Engineer")
    at = timezone.now()
    JobChange.objects.create(job=job, at=at, kind=JobChange.Kind.CHANGED, field="title", old_value="Eng",
                             new_value="Platform Engineer")
    # a kind the public page has no words for, as an admin-only record (a reviewer's decision) would be stored
    JobChange.objects.create(job=job, at=at, kind="reviewed", old_value="unreviewed", new_value="rejected")

    assert [change.kind for change in selectors.job_history(job=job)] == ["changed"]
    assert set(JobChange.PUBLIC_KINDS) == {"changed", "closed", "reopened"}
    history = _history(client.get(job.get_absolute_url()).content.decode())
    assert history[1:] == [f"{at:%-d %b %Y}: title changed from “Eng” to “Platform Engineer”"]


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_an_open_job_states_its_posting_in_json_ld(client):
    job = make_job(
        plain_company("Acme"), title="Barista", description_html="<p>Make coffee.</p><script>alert(1)</script>",
        employment_type="contract", remote="hybrid", date_posted=date(2026, 11, 30), valid_through=date(2027, 1, 31),
        locations=[{"name": "Munich, Germany", "city": "Munich", "region": "Bavaria", "country": "DE"}, {"name": ""}],
        salary_min=Decimal("32"), salary_max=Decimal("40.50"), salary_currency="EUR", salary_period="hour",
    )

    html = client.get(job.get_absolute_url(), {"from": "q=coffee"}).content.decode()

    url = "http://testserver" + job.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html  # one address, whatever search it was opened from
    assert _json_ld(html) == [{
        "@context": "https://schema.org", "@type": "JobPosting", "title": "Barista", "url": url,
        "description": "<p>Make coffee.</p>", "datePosted": "2026-11-30", "validThrough": "2027-01-31",
        "hiringOrganization": {"@type": "Organization", "name": "Acme"}, "employmentType": "CONTRACTOR",
        "jobLocation": [{"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": "Munich", "addressRegion": "Bavaria", "addressCountry": "DE",
        }}],
        "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
                       "value": {"@type": "QuantitativeValue", "unitText": "HOUR", "minValue": 32, "maxValue": 40.5}},
    }]


@pytest.mark.parametrize(("employment_type", "schema_type"), [
    ("full_time", "FULL_TIME"), ("part_time", "PART_TIME"), ("contract", "CONTRACTOR"), ("internship", "INTERN"),
    ("temporary", "TEMPORARY"), ("unknown", None),
])
def test_employment_types_are_schema_orgs(client, employment_type, schema_type):
    job = make_job(plain_company("Acme"), employment_type=employment_type)

    (posting,) = _json_ld(client.get(job.get_absolute_url()).content.decode())

    assert posting.get("employmentType") == schema_type


def test_a_remote_job_is_telecommute_open_to_the_countries_it_names(client):
    job = make_job(plain_company("Acme"), remote="remote", first_seen_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
                   salary_min=Decimal("90000"), salary_currency="USD", salary_period="year",
                   locations=[{"name": "Remote - Germany", "country": "DE"}, {"name": "Remote - Austria", "country": "AT"},
                              {"name": "Berlin", "city": "Berlin", "country": "DE"}])

    (posting,) = _json_ld(client.get(job.get_absolute_url()).content.decode())

    assert posting["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in posting
    assert posting["applicantLocationRequirements"] == [{"@type": "Country", "name": "DE"}, {"@type": "Country", "name": "AT"}]
    assert posting["datePosted"] == "2026-12-01"  # first seen, when the posting gives no date
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "YEAR", "value": 90000}
    assert "validThrough" not in posting


def test_a_salary_without_its_currency_or_period_is_not_stated_in_json_ld(client):
    company = plain_company("Acme")
    for parts in ({"salary_currency": "", "salary_period": "year"}, {"salary_currency": "EUR", "salary_period": ""}):
        job = make_job(company, salary_min=Decimal("50000"), **parts)
        (posting,) = _json_ld(client.get(job.get_absolute_url()).content.decode())
        assert "baseSalary" not in posting


def test_a_closed_job_has_no_json_ld(client):
    job = make_job(plain_company("Acme"), status=Job.Status.CLOSED, closed_at=timezone.now(),
                   valid_through=date(2999, 1, 1))

    html = client.get(job.get_absolute_url()).content.decode()

    assert _json_ld(html) == [] and "application/ld+json" not in html
    assert '<meta name="description"' in html  # the page itself stays, with its history


def test_scraped_text_cannot_end_the_json_ld_block(client):
    title = '</script><script>alert(1)</script><!-- & "quoted" \u2028'
    company = plain_company("Acme")
    Company.objects.filter(pk=company.pk).update(name="</script>Acme")  # as a scraped company name could read
    job = make_job(company, title=title, description_html="",
                   raw_content="Line one </SCRIPT ><script>alert(2)</script>\n\nLine <!-- two & more")

    html = client.get(job.get_absolute_url()).content.decode()

    head = html[: html.index("</head>")]
    block = head[head.index('<script type="application/ld+json"'):]
    assert block.lower().count("</script") == 1 and "<!--" not in block and "<script>" not in block
    (posting,) = _json_ld(html)
    assert posting["title"] == title and posting["hiringOrganization"]["name"] == "</script>Acme"
    assert posting["description"] == (  # the plain text as HTML that runs nothing
        "<p>Line one &lt;/SCRIPT &gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>\n\n<p>Line &lt;!-- two &amp; more</p>"
    )


def _meta_description(html: str) -> str:
    return unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))


def test_the_meta_description_is_the_summary_or_the_postings_first_words(client):
    company = plain_company("Acme")
    summarised = make_job(company, summary='Pour  "great" coffee\nfor <b>guests</b>.', description_html="<p>Other.</p>")
    words = " ".join(f"word{n}" for n in range(60))
    described = make_job(company, summary="", description_html=f"<h2>About</h2><p>We &amp; you.</p><ul><li>{words}</li></ul>")
    plain = make_job(company, summary="", description_html="", raw_content="## Role\n\n**Brew** with [us](https://x.example).")

    assert _meta_description(client.get(summarised.get_absolute_url()).content.decode()) == 'Pour "great" coffee for <b>guests</b>.'
    described_meta = _meta_description(client.get(described.get_absolute_url()).content.decode())
    assert described_meta.startswith("About We & you. word0 word1 ") and described_meta.endswith("…")
    assert len(described_meta) <= 160 and described_meta[:-1] in f"About We & you. {words}"
    assert re.fullmatch(r".* word\d+…", described_meta)  # cut at a word
    assert _meta_description(client.get(plain.get_absolute_url()).content.decode()) == "Role Brew with us."
