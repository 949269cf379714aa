"""Source adapters, one module per source kind, looked up by the company's source kind."""
from jobscraper.models import SourceKind

from .base import FetchResult, Posting, Source, SourceError
from .career_page import CareerPageSource
from .greenhouse import GreenhouseSource

SOURCES: dict[str, type[Source]] = {
    SourceKind.GREENHOUSE: GreenhouseSource,
    SourceKind.CAREER_PAGE: CareerPageSource,
}


def source_for(kind: str) -> Source:
    try:
        return SOURCES[kind]()
    except KeyError:
        raise SourceError(f"No source adapter for kind {kind!r}; known kinds: {', '.join(SOURCES)}") from None


__all__ = ["FetchResult", "Posting", "Source", "SourceError", "source_for"]
