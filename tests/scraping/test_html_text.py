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


def test_items_whose_text_is_a_paragraph_keep_their_bullet_on_a_real_workday_posting(fixture_text):
    markup = json.loads(fixture_text("ats/workday_synchrony_job_detail.json"))["jobPostingInfo"]["jobDescription"]

    text = html_to_text(markup)

    # <li><p><span>Ability to </span><span>effectively</span>...</p></li>, as Workday's editor writes every item
    assert (
        "What do we look for in all potential BLP Interns?\n\n"
        "- Ability to effectively work independently and within collaborative teams\n"
        "- Proven leadership both inside and beyond the classroom\n"
    ) in text
    assert not any(line.strip() in ("-", "- ") for line in text.splitlines())


def test_a_list_reads_as_a_person_sees_it():
    markup = (
        "<p>You will:</p><ul><li><p>Build</p><p>and run</p></li><li>Ship<br>often</li>"
        "<li>Lead<ul><li>people</li><li>projects</li></ul></li></ul>"
        "<p>Steps:</p><ol><li>Apply</li><li>Talk to us</li></ol><p>Thanks</p>"
    )

    assert html_to_text(markup) == (
        "You will:\n\n"
        "- Build\n  and run\n"
        "- Ship\n  often\n"
        "- Lead\n  - people\n  - projects\n\n"
        "Steps:\n\n1. Apply\n2. Talk to us\n\nThanks"
    )


def test_a_table_reads_a_row_per_line_and_a_definition_under_its_term():
    markup = (
        "<table><tr><th>Salary</th><td> €60,000 </td></tr><tr><td>Place</td><td></td><td>Lisbon</td></tr></table>"
        "<dl><dt>Contract</dt><dd>Full time</dd><dt>Start</dt><dd>May</dd></dl>"
    )

    assert html_to_text(markup) == "Salary | €60,000\nPlace | Lisbon\n\nContract\n  Full time\nStart\n  May"


def test_an_item_with_no_text_leaves_no_bullet():
    assert html_to_text("<ul><li><p> </p></li><li><img src='x.png'></li><li>Real</li></ul>") == "- Real"
