"""Source adapters, one module per source kind; every module here is loaded and its Source registered."""
import importlib
import pkgutil

from .base import FetchResult, Posting, Source, SourceError

# Adding a source is adding a module: each module's Source subclasses register under their `kind`.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def _all_sources(cls=Source):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_sources(subclass)


SOURCES: dict[str, type[Source]] = {cls.kind: cls for cls in _all_sources() if cls.kind}


def source_for(kind: str) -> Source:
    try:
        return SOURCES[kind]()
    except KeyError:
        raise SourceError(f"No source adapter for kind {kind!r}; known kinds: {', '.join(sorted(SOURCES))}") from None


__all__ = ["SOURCES", "FetchResult", "Posting", "Source", "SourceError", "source_for"]
