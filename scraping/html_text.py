"""HTML to readable plain text, for postings whose source gives HTML (pure, no network)."""
import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "dt", "dd",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_WHITESPACE_RE = re.compile(r"\s+")
# A raw tag means the markup is already HTML, whose `&lt;` is literal text, not escaping to undo.
_RAW_TAG_RE = re.compile(r"<[A-Za-z!/]")


class TolerantHTMLParser(HTMLParser):
    """The standard library's HTMLParser, reading hostile markup as browsers do and in time linear in its length.

    Python's own parser, in the 3.11 releases this was measured on (CVE-2025-6069), finishes a tag left open at the end
    of the markup by scanning the rest again from each "<" in it: 3 s for 50 KB of "<p class='x' ", hours for a hostile
    10 MB page. It also raises AssertionError on "<![" sections it does not know.
    """

    def parse_marked_section(self, i, report=1):
        # Outside SVG and MathML browsers read any "<![" (CDATA, Word's "<![if !supportLists]>") as a bogus comment.
        return self.parse_bogus_comment(i, report)

    def close(self):
        # What feed() left is a construct that did not end where it began: read up to its ">" as text, as the
        # standard close() does, but a construct with no ">" after it runs to the end of the markup, where browsers
        # drop it (an unclosed tag, comment or declaration shows nothing).
        while self.rawdata.startswith("<") and not self.cdata_elem:
            rest, self.rawdata = self.rawdata, ""
            end = rest.find(">")
            if end < 0:
                break
            self.handle_data(html.unescape(rest[: end + 1]) if self.convert_charrefs else rest[: end + 1])
            self.feed(rest[end + 1 :])
        super().close()


class _TextCollector(TolerantHTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self._pre_depth += 1
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip_depth:
            # Outside <pre> a line break in the source is only whitespace; lines come from block tags.
            self.parts.append(data if self._pre_depth else _WHITESPACE_RE.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, one block per line, whitespace collapsed."""
    if not markup:
        return ""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def unescape_html(markup: str) -> str:
    """Greenhouse and some JSON-LD give HTML entity-escaped HTML; undo exactly one level."""
    return html.unescape(markup) if "&lt;" in markup and not _RAW_TAG_RE.search(markup) else markup
