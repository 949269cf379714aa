"""A company careers site written for tests, as CMS templates and single-page apps write them: listing pages full of
links that are not postings, paginated, a listing written by JavaScript, sitemaps."""
import html

# crawl4ai fails small pages without enough visible text as "anti-bot", so pages are of real size.
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Northwind Labs</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/static/favicon.png">
{head}
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">Northwind Labs</a>
  <nav aria-label="Main"><ul>
    <li><a href="/">Home</a></li>
    <li><a href="/about">About us</a></li>
    <li><a href="/careers">Careers</a></li>
    <li><a href="/blog">Blog</a></li>
    <li><a href="/login?next=/careers">Sign in</a></li>
  </ul></nav>
</header>
<main>
  <section class="hero">
    <h1>{title}</h1>
    <p>Northwind Labs makes software that lets manufacturers, shippers and regulators see where goods come
    from and what happened to them on the way. Our customers range from family-run coffee roasters to
    some of the largest logistics companies in Europe, and every one of them depends on data they can
    trust. We are a team of a little over two hundred people spread across Paris, Toronto and a dozen
    other cities, and we are growing carefully.</p>
    <p>We hire people who like hard problems, write things down, and care about the people who use what
    they build. Every new colleague spends their first two weeks shadowing customer calls and sitting with
    the teams they will work alongside. <a href="#openings">See our open roles</a>.</p>
  </section>
  <section class="life">
    <h2>Life at Northwind</h2>
    <p>Most of our teams are small, cross-functional and own a problem end to end. Hybrid work is the
    default; some roles are fully remote and say so. We pay in the top quartile of our markets and publish
    salary ranges for every role.</p>
    <ul>
      <li><a href="/careers/life-at-northwind">Life at Northwind</a></li>
      <li><a href="/careers/how-we-hire">How we hire</a></li>
      <li><a href="/careers/teams/engineering">Engineering</a> and
          <a href="/careers/teams/policy-and-public-affairs">Policy and public affairs</a></li>
      <li><a href="/careers/early-careers">Internships and graduate programmes</a></li>
      <li><a href="/careers/benefits-guide-2026.pdf">Benefits guide (PDF)</a></li>
      <li><a href="/careers/talent-community">Join our talent community</a></li>
    </ul>
  </section>
  <section class="openings" id="openings">
    <h2>Open positions</h2>
    <p>Filter by team: <a href="/careers?department=engineering">Engineering</a>,
    <a href="/careers?department=marketing">Marketing</a>, <a href="/careers?location=paris">Paris</a>.</p>
{openings}
{pagination}
  </section>
</main>
<footer>
  <p>Northwind Labs SAS, 12 rue des Entrepreneurs, 75015 Paris. Northwind Labs is an equal opportunity
  employer: we welcome applicants of every background and do not discriminate on the basis of race,
  religion, gender identity, sexual orientation, age, disability or any other protected characteristic.</p>
  <p><a href="/privacy">Privacy notice</a> | <a href="/careers/recruitment-fraud-notice">Recruitment fraud</a> |
  <a href="https://www.linkedin.com/company/northwind-labs/jobs/">LinkedIn</a> |
  <a href="mailto:careers@northwind.example">careers@northwind.example</a></p>
</footer>
{scripts}
</body>
</html>
"""


def listing_page(*openings: tuple[str, str], pagination: str = "", head: str = "", title: str = "Careers") -> str:
    """A careers listing: each (href, title) opening with its own "Apply" link, among links that are no posting."""
    items = "\n".join(
        f'      <li class="job"><a href="{href}">{html.escape(name)}</a> <span class="team">Full-time</span>'
        f' <a class="apply" href="{href.rstrip("/")}/apply">Apply</a></li>'
        for href, name in openings
    )
    return _PAGE.format(
        title=title, head=head, openings=f'    <ul class="job-list">\n{items}\n    </ul>', pagination=pagination,
        scripts="",
    )


def pagination(*pages: tuple[str, str]) -> str:
    """A pager as CMS templates write it: each (href, label), e.g. ("?page=2", "2"), ("?page=2", "Next ›")."""
    return '    <nav class="pagination" aria-label="Pages">' + " ".join(
        f'<a href="{href}">{html.escape(label)}</a>' for href, label in pages
    ) + "</nav>"


def script_listing_page(script_src: str) -> str:
    """A listing whose openings a script writes into the page once it has loaded them: empty without JavaScript."""
    return _PAGE.format(
        title="Careers", head="", pagination="",
        openings='    <ul class="job-list" id="job-list"><li class="loading">Loading open positions…</li></ul>',
        scripts=f'<script src="{script_src}" defer></script>',
    )


# The script of a single-page careers site: fetch the openings, write one link per opening.
OPENINGS_SCRIPT = """(function () {
  "use strict";
  var list = document.getElementById("job-list");
  fetch(%(api)s, {headers: {"Accept": "application/json"}})
    .then(function (response) { return response.json(); })
    .then(function (openings) {
      list.innerHTML = "";
      openings.forEach(function (opening) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = opening.url;
        link.textContent = opening.title;
        item.className = "job";
        item.appendChild(link);
        list.appendChild(item);
      });
    });
})();
"""


def openings_script(api_url: str) -> str:
    return OPENINGS_SCRIPT % {"api": f'"{api_url}"'}


def sitemap(*urls: str) -> str:
    entries = "\n".join(
        f"  <url>\n    <loc>{html.escape(url)}</loc>\n    <lastmod>2026-10-30</lastmod>\n  </url>" for url in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</urlset>\n"
    )


def sitemap_index(*urls: str) -> str:
    entries = "\n".join(f"  <sitemap>\n    <loc>{html.escape(url)}</loc>\n  </sitemap>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</sitemapindex>\n"
    )
