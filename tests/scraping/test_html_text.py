"""HTML to plain text and one-level unescaping, on real Greenhouse content."""
import json

from scraping.html_text import html_to_text, unescape_html


def _stripe_content(fixture_text) -> str:
    return json.loads(fixture_text("ats/greenhouse_stripe_job_detail.json"))["content"]


def test_greenhouse_content_is_unescaped_once_into_html(fixture_text):
    markup = unescape_html(_stripe_content(fixture_text))

    assert markup.startswith('<div class="ace-line gutter-author-p-118095 emptyGutter">\n<h2>Who we are</h2>')
    assert "&lt;" not in markup
    # Unescaping an already unescaped document changes nothing.
    assert unescape_html(markup) == markup


def test_text_has_one_block_per_line(fixture_text):
    text = html_to_text(unescape_html(_stripe_content(fixture_text)))

    assert text.startswith(
        "Who we are\n\nAbout Stripe\n\nStripe is a financial infrastructure platform for businesses."
    )
    assert "<" not in text and "&quot;" not in text


def test_line_breaks_inside_a_paragraph_are_spaces_but_pre_keeps_them():
    markup = "<p>Design and build\n    our payment\r\nrails.</p><pre>make test\nmake bench</pre><ul><li>Go</li></ul>"

    assert html_to_text(markup) == "Design and build our payment rails.\n\nmake test\nmake bench\n\n- Go"


def test_scripts_styles_and_svg_are_not_text():
    markup = "<style>p{color:red}</style><p>Apply<svg><title>arrow</title></svg> now</p><script>track()</script>"

    assert html_to_text(markup) == "Apply now"
