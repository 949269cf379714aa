"""Text every stage can store and read: lone UTF-16 surrogates, which JSON escapes such as "\\ud800" produce and which
neither PostgreSQL nor pydantic accepts, become U+FFFD (pure)."""
import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, as a decoder replaces an invalid byte."""
    try:
        text.encode("utf-8")  # fails on a surrogate only, a few µs a posting where searching for one takes ~15
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


def valid_unicode_deep(value):
    """`valid_unicode` over every string in a JSON-like value (dict keys included)."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, dict):
        return {valid_unicode_deep(key): valid_unicode_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [valid_unicode_deep(item) for item in value]
    return value
