"""The errors a source raises when it cannot deliver its postings."""


class SourceError(Exception):
    """A source could not deliver its postings (dead endpoint, bad response, bad parameters)."""


class FetchError(SourceError):
    """One URL could not be fetched; `reason` says why without the URL, `status` is the HTTP status if any."""

    def __init__(self, url: str, reason: str, *, status: int | None = None):
        super().__init__(f"{url} {reason}")
        self.url = url
        self.reason = reason
        self.status = status
