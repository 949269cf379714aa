"""The read API's rate limit, counted in the real test Redis: per client address without a key, per key with one, a
429 that says why and when to come back, a key made in admin, and requests still served while Redis is down."""
import re

import pytest

from api import limits
from api.limits import WINDOW, RateLimit
from api.models import ApiKey
from api.services import api_key_issue
from tests.builders import closed_port_url, make_job, plain_company

pytestmark = pytest.mark.django_db

JOBS = "/api/v1/jobs"
NOW = 1_000_000.0  # seconds since the epoch: 40 s into its minute (1_000_000 = 16_666 × 60 + 40)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """A clock that stays inside one minute, so that no test's requests fall on both sides of a window's end."""
    monkeypatch.setattr(RateLimit, "clock", staticmethod(lambda: NOW))


@pytest.fixture
def key():
    """An active API key allowing 5 requests a minute, and its secret."""
    made = ApiKey(name="Integrator", requests_per_minute=5)
    return made, api_key_issue(key=made)


def test_an_address_past_the_limit_gets_a_429_saying_when_to_come_back_and_another_address_does_not(client, settings):
    settings.API_RATE_LIMIT = 3
    make_job(plain_company(), title="Engineer")

    answers = [client.get(JOBS, REMOTE_ADDR="192.0.2.1") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused["Retry-After"] == "20"  # the rest of the minute
    assert refused.json()["detail"] == ("Too many requests: the limit is 3 a minute from one address; an API key raises "
                                        "it. Try again in 20 s (Retry-After).")
    assert client.get(JOBS, REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get(f"{JOBS}/1", REMOTE_ADDR="192.0.2.1").status_code == 429  # every operation counts


def test_the_count_starts_again_with_the_next_minute(client, settings, monkeypatch):
    settings.API_RATE_LIMIT = 1
    assert [client.get(JOBS).status_code for _ in range(2)] == [200, 429]

    monkeypatch.setattr(RateLimit, "clock", staticmethod(lambda: NOW + 20))

    assert client.get(JOBS).status_code == 200


def test_behind_a_proxy_the_address_is_the_one_it_forwarded(client, settings):
    settings.API_RATE_LIMIT, settings.PROXY_COUNT = 1, 1

    first = client.get(JOBS, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    second = client.get(JOBS, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2")
    again = client.get(JOBS, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.1")

    assert [first.status_code, second.status_code, again.status_code] == [200, 200, 429]


def test_a_key_has_its_own_higher_limit_counted_apart_from_its_address(client, settings, key):
    settings.API_RATE_LIMIT = 2
    _, secret = key

    with_key = [client.get(JOBS, HTTP_X_API_KEY=secret).status_code for _ in range(6)]

    assert with_key == [200] * 5 + [429]
    assert "the limit is 5 a minute. Try again" in client.get(JOBS, HTTP_X_API_KEY=secret).json()["detail"]
    assert [client.get(JOBS).status_code for _ in range(3)] == [200, 200, 429]


def test_an_unknown_or_disabled_key_is_refused_with_a_reason(client, key):
    made, secret = key
    unknown = client.get(JOBS, HTTP_X_API_KEY="not-a-key")
    made.active = False
    made.save()
    disabled = client.get(JOBS, HTTP_X_API_KEY=secret)

    for answer in (unknown, disabled):
        assert answer.status_code == 401
        assert answer.json()["detail"].startswith("Unknown or disabled API key.")


def test_a_key_is_made_in_admin_its_secret_shown_once_and_stored_only_as_its_digest(admin_client, client):
    page = admin_client.post("/admin/api/apikey/add/", {"name": "Partner", "requests_per_minute": "1000",
                                                        "active": "on"}, follow=True)

    secret = re.search(r"The key for Partner is (\S+) ", page.content.decode()).group(1)
    made = ApiKey.objects.get(name="Partner")
    assert secret.startswith(made.prefix) and secret not in made.digest and len(secret) >= 40
    assert client.get(JOBS, HTTP_X_API_KEY=secret).status_code == 200
    assert secret not in admin_client.get(f"/admin/api/apikey/{made.pk}/change/").content.decode()


def test_requests_are_served_while_redis_is_down(client, settings):
    settings.API_RATE_LIMIT = 1
    settings.REDIS_URL = closed_port_url().replace("http", "redis")
    limits._client_for.cache_clear()

    assert [client.get(JOBS).status_code for _ in range(3)] == [200, 200, 200]


def test_every_web_process_shares_the_count_in_redis(client, settings, rate_counts):
    settings.API_RATE_LIMIT = 2
    client.get(JOBS)
    limits._client_for.cache_clear()  # as another process would: a client of its own

    assert [client.get(JOBS).status_code for _ in range(2)] == [200, 429]
    name = f"{limits.REDIS_PREFIX}address:127.0.0.1:{int(NOW // WINDOW)}"
    assert int(rate_counts.get(name)) == 3 and 0 < rate_counts.ttl(name) <= 2 * WINDOW
