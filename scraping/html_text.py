"""HTML to readable plain text, for postings whose source gives HTML (pure, no network)."""
import html
import re
from html.parser import HTMLParser

# Tags that stand on lines of their own, apart from what is around them by a blank line (outside lists).
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "header", "footer", "blockquote",
    "pre", "main", "nav", "aside", "figure", "figcaption", "form", "fieldset", "address", "details", "summary", "hr",
    "caption", "dl",
}
# Tags that start a line of their own, but next to their neighbours: a list's items, a table's rows, a line break.
_LINE_TAGS = {"br", "tr", "dt", "dd", "li"}
_LIST_TAGS = {"ul", "ol", "menu"}
_CELL_TAGS = {"td", "th"}
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
    """The text as a person sees it: a line per block, a blank line between blocks, list items on their own lines
    with their bullet or number (indented by nesting, the bullet kept for the item's first text even when the item
    starts with a paragraph), table cells on one line per row, a definition indented under its term."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []  # finished lines; "" is a blank line
        self._words = []  # the current line's text
        self._has_text = False  # whether _words holds more than white space
        self._indent = ""  # the current line's indent, from the lists and definitions it is in
        self._bullet = ""  # the current item's bullet, until the item's first text takes it
        self._bullet_taken = ""  # the bullet the current line starts with
        self._lists = []  # [tag, items so far] of each open list, innermost last
        self._in_definition = False
        self._cell_gap = False  # a new table cell began: the next text is set off from the row's previous cell
        self._skip_depth = 0
        self._pre_depth = 0

    def _end_line(self, *, blank: bool = False):
        if self._has_text:
            text = "".join(self._words)
            self.lines.append(self._indent + (text if self._pre_depth else _WHITESPACE_RE.sub(" ", text).strip()))
            if self._bullet_taken:
                # The item's next lines line up with its text.
                self._indent += " " * len(self._bullet_taken)
                self._bullet_taken = ""
        self._words, self._has_text = [], False
        if blank and not self._lists:
            self.lines.append("")

    def _list_indent(self) -> str:
        return "  " * max(len(self._lists) - 1, 0) + ("  " if self._in_definition else "")

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
            return
        if self._skip_depth:
            return
        if tag == "pre":
            self._pre_depth += 1
        if tag in _LIST_TAGS:
            self._end_line(blank=True)
            self._lists.append([tag, 0])
        elif tag == "li":
            self._end_line()
            kind, number = "ul", 0  # an item outside any list reads as a bullet
            if self._lists:
                self._lists[-1][1] += 1
                kind, number = self._lists[-1]
            self._indent = self._list_indent()
            self._bullet = f"{number}. " if kind == "ol" else "- "
        elif tag in ("dt", "dd"):
            self._end_line()
            self._in_definition = tag == "dd"
            self._indent = self._list_indent()
        elif tag in _CELL_TAGS:
            self._cell_gap = True
        elif tag in _LINE_TAGS:
            self._end_line()
        elif tag in _BLOCK_TAGS:
            # A block at the start of an item leaves the item's bullet waiting for its text.
            self._end_line(blank=True)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if self._skip_depth:
            return
        if tag in _LIST_TAGS:
            self._end_line()
            if self._lists:
                self._lists.pop()
            self._bullet, self._indent = "", self._list_indent()
            self._end_line(blank=True)
        elif tag == "li":
            self._end_line()
            self._bullet, self._indent = "", self._list_indent()
        elif tag in ("dt", "dd"):
            self._end_line()
            self._in_definition = False
            self._indent = self._list_indent()
        elif tag in _LINE_TAGS or tag in _BLOCK_TAGS:
            self._end_line(blank=tag in _BLOCK_TAGS)
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data):
        if self._skip_depth:
            return
        if self._pre_depth:
            # Inside <pre> the source's line breaks are the text's.
            first, *rest = data.split("\n")
            self._add(first)
            for line in rest:
                self._end_line()
                self._add(line)
            return
        # Elsewhere a line break in the source is only whitespace; lines come from the tags.
        if not data.strip():
            if self._has_text:
                self._words.append(" ")
            return
        if self._cell_gap and self._has_text:
            self._words.append(" | ")
        self._cell_gap = False
        if self._bullet and not self._has_text:
            self._words = [self._bullet]
            self._bullet_taken, self._bullet = self._bullet, ""
        self._add(data)

    def _add(self, data: str):
        self._words.append(data)
        self._has_text = self._has_text or bool(data.strip())


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment as a person reads it: one block per line, blocks apart by a blank line,
    list items as "- " or "1. " lines, whitespace collapsed."""
    if not markup:
        return ""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    collector._end_line()
    lines = [line.replace("\xa0", " ").rstrip() for line in collector.lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n").strip()


def unescape_html(markup: str) -> str:
    """Greenhouse and some JSON-LD give HTML entity-escaped HTML; undo exactly one level."""
    return html.unescape(markup) if "&lt;" in markup and not _RAW_TAG_RE.search(markup) else markup
