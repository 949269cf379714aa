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


class PacingFailed(FetchError):
    """The request was not sent: Redis, which paces requests (and keeps the cache), failed. Our side's failure, not
    the remote's: a caller that counts a remote's failures (a webhook's receiver) does not count this one."""
