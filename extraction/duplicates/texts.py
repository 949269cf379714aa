"""Posting texts compared word by word (pure): markup, entities, case and punctuation set aside."""
import html
import re

from rapidfuzz import fuzz

MIN_WORDS = 80  # a shorter text (a board's snippet, a heading) says too little to compare
MAX_WORDS = 1500  # words compared from each text's start: ~0.2 ms a pair at most; a posting's core is in its start
_TAG_RE = re.compile(r"<[^>]+>")
_WORD_RE = re.compile(r"[^\W_]+")


def text_words(description: str, *, keep_case: bool = False) -> list[str]:
    """The words of a posting's text, HTML (entity-escaped once more, as Greenhouse gives it) or plain; casefolded
    unless `keep_case` (a place's name is told from a word by its capital)."""
    text = description or ""
    for _ in range(2):  # Greenhouse escapes its HTML once more
        if "&" not in text:
            break
        text = html.unescape(text)
    text = _TAG_RE.sub(" ", text)
    return _WORD_RE.findall(text if keep_case else text.casefold())[:MAX_WORDS]


def texts_similarity(first: list[str], second: list[str]) -> float | None:
    """How much of the two texts is the same words in the same order (0-1), None where either is too short to say."""
    if len(first) < MIN_WORDS or len(second) < MIN_WORDS:
        return None
    return fuzz.ratio(first, second) / 100
