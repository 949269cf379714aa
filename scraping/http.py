"""The one HTTP client for API sources: a real User-Agent, timeouts, JSON with clear errors."""
import httpx
from django.conf import settings

from .errors import SourceError


def get_json(url: str, *, params: dict | None = None):
    """GET a JSON document; any transport, status or decoding failure becomes a SourceError."""
    return _request_json("GET", url, params=params)


def post_json(url: str, *, payload: dict, params: dict | None = None):
    """POST a JSON body and read a JSON answer (APIs such as Workday's CXS list jobs this way)."""
    return _request_json("POST", url, params=params, payload=payload)


def _request_json(method: str, url: str, *, params: dict | None = None, payload: dict | None = None):
    headers = {"User-Agent": settings.SCRAPE_USER_AGENT, "Accept": "application/json"}
    try:
        response = httpx.request(
            method, url, params=params, json=payload, headers=headers, timeout=settings.SCRAPE_TIMEOUT,
            follow_redirects=True,
        )
        response.raise_for_status()
        return response.json()
    except httpx.HTTPStatusError as exc:
        raise SourceError(f"{url} answered HTTP {exc.response.status_code}") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"{url} could not be fetched: {exc.__class__.__name__}: {exc}") from exc
    except ValueError as exc:
        raise SourceError(f"{url} did not return valid JSON: {exc}") from exc
