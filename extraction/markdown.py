"""A line of markdown as a reader sees it: images dropped, links as their text, emphasis and markers off (pure)."""
import functools
import re

IMAGE_RE = re.compile(r"!\[(?P<alt>[^\[\]]*)\]\([^)]*\)")
LINK_RE = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^)\s]*)[^)]*\)")
_MARKUP_RE = re.compile(r"^[#>*\s-]+|[*_`]+|\\")


def links_replaced(line: str, replacement) -> str:
    """`line` with its images dropped and each link replaced, innermost first (a logo's image sits in its link)."""
    line, count = IMAGE_RE.sub("", line), 1
    while count:
        line, count = LINK_RE.subn(replacement, line)
    return line


# The top card asks again of the same lines (its head's end, its card, the company beside the title): the last
# few are kept, about one posting's head.
@functools.lru_cache(maxsize=32)
def plain(line: str) -> str:
    """A line of markdown as a reader sees it: images dropped, links as their text, emphasis and markers off."""
    text = _MARKUP_RE.sub("", links_replaced(line, lambda match: match.group("text"))).strip(" []|•·")
    # A bracket left open by the markup goes; one that a name opens and closes stays ("(주)알에프텍", "(株)").
    return text.strip(" (") if text.startswith("(") and unbalanced(text) or text.endswith("(") else text


def unbalanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char in "(（[") - (char in ")）]")
        if depth < 0:
            return True
    return depth != 0


_MARKDOWN_ESCAPE_RE = re.compile(r"\\([-.,*_()#+!$\\])")


def without_markdown_escapes(text: str) -> str:
    """`text` as it reads, without the backslashes markdown puts before punctuation: "900\\.000", "Temporal \\- 3"."""
    return _MARKDOWN_ESCAPE_RE.sub(r"\1", text) if "\\" in text else text
