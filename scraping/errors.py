"""The error a source raises when it cannot deliver its postings."""


class SourceError(Exception):
    """A source could not deliver its postings (dead endpoint, bad response, bad parameters)."""
