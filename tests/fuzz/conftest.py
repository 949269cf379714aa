"""The fuzz tests that fetch do so from loopback servers, as the scraping tests do."""
from tests.scraping.conftest import _loopback_scraping  # noqa: F401  (an autouse fixture, shared)
