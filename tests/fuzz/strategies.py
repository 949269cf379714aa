"""Hypothesis strategies for hostile input, and the settings every fuzz test runs under."""
import copy
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ATS_FIXTURES = Path(__file__).parent.parent / "fixtures" / "ats"
# Examples per test: small enough that tests/fuzz runs in about a minute; FUZZ_EXAMPLES=20000 for a run at scale.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))

# No test asserts a time (tests/timing.py): Hypothesis' deadline is off, and each parser call is bounded by
# tests.timing.no_hang, which only a hang reaches. The shared fixtures (settings, engines) are set once per test, which
# is all these tests need of them; no example database is written.
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _keys_in(node, found: set) -> set:
    if isinstance(node, dict):
        found.update(node)
        for value in node.values():
            _keys_in(value, found)
    elif isinstance(node, list):
        for value in node:
            _keys_in(value, found)
    return found


def ats_document(name: str):
    return json.loads((ATS_FIXTURES / name).read_text(encoding="utf-8"))


# Every key the real ATS answers use, so that generated objects reach the adapters' branches.
ATS_KEYS = sorted(_keys_in([ats_document(path.name) for path in ATS_FIXTURES.glob("*.json")], set()))

# JSON may carry what no UTF-8 text can, a lone surrogate ("\\ud800" decodes to one), and NUL and figures past
# float's range.
texts = st.text(max_size=80) | st.sampled_from(
    ["", " ", "\x00", "\ud800", "NaN", "1e999", "-1", "<p>x</p>", "&lt;b&gt;"]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from([10**400, -(10**400), 2**63, 0])
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(ATS_KEYS) | st.text(max_size=10), children, max_size=5),
    max_leaves=25,
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


@st.composite
def mutated(draw, document):
    """A copy of `document` with one to three of its values, anywhere in it (itself included), replaced by
    arbitrary JSON or dropped."""
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(document))))
        if not path:
            return draw(json_values)
        *parents, last = path
        container = document
        for step in parents:
            container = container[step]
        if isinstance(container, dict) and draw(st.booleans()):
            del container[last]
        else:
            container[last] = draw(json_values)
    return document


_TAGS = ["p", "div", "a", "li", "ul", "br", "pre", "script", "style", "svg", "template", "nav", "footer", "header",
         "h1", "table", "tr", "td", "form", "span", "html", "body", "head", "link", "meta", "b"]
_ATTRIBUTES = st.sampled_from(["", ' href="/jobs/123"', " href='?page=2'", ' rel="next"', ' class="cookie-banner"',
                               ' type="application/ld+json"', " role=navigation", ' aria-label="Next"', " x=", ' a="',
                               " href=javascript:x", ' href="//evil.example/jobs/1"', ' id="gdpr"',
                               ' href="http://[::1"', " href=//[x]/jobs/1"])
_MARKUP_PIECES = (
    st.builds(lambda tag, attributes: f"<{tag}{attributes}>", st.sampled_from(_TAGS), _ATTRIBUTES)
    | st.builds(lambda tag: f"</{tag}>", st.sampled_from(_TAGS))
    | st.sampled_from(["<", ">", "&", "&amp;", "&#0;", "&#x110000;", "&#99999999999;", "&nbsp", "<!--", "-->", "<![x[",
                       "<![CDATA[", "]]>", "<![if x]>", "<!DOCTYPE html>", "<?xml ?>", "</", "<a", "<p class='x' ",
                       "\x00", "\r\n", "\u2028", "<script type=application/ld+json>", "</script>", "{", "}",
                       '{"@type": "JobPosting", "title": "x"}', "Next ›", "Apply", "\ufeff"])
    | st.text(max_size=20)
)
# HTML-ish text: tags opened and closed at random, broken constructs, entities, and arbitrary unicode between them.
markup = st.lists(_MARKUP_PIECES, max_size=60).map("".join)
# Bytes as a site may send them: valid UTF-8 of such markup, other encodings, or any bytes at all.
page_bytes = (
    markup.map(lambda text: text.encode("utf-8", "surrogatepass"))
    | markup.map(lambda text: text.encode("utf-16", "surrogatepass"))
    | st.binary(max_size=400)
    | st.builds(lambda head, body: head + body, st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                b'<meta charset="utf-16">', b'<meta charset="base64">', b'<meta charset="x-nonsense">',
                b"<meta charset=shift_jis>", b"\x1f\x8b"]), st.binary(max_size=200))
)
