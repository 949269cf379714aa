"""Failed admin logins, counted in the real Redis per username and per client address: past the limit, refused."""
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.polling import wait_for

pytestmark = pytest.mark.django_db

LIMIT = 3  # failed logins allowed before the refusal
PASSWORD = "a-long-enough-password"
REFUSED = "Too many failed logins for this username or from this address"


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast) that counts the passwords it checks: a test sees whether a login got as far as the password."""

    algorithm = "counting_md5"
    checked = 0

    def verify(self, password, encoded):
        CountingHasher.checked += 1
        return super().verify(password, encoded)


@pytest.fixture
def logins(broker, settings):
    """Failed logins counted from zero in the test Redis (the broker fixture empties it), LIMIT of them allowed."""
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.PASSWORD_HASHERS = ["tests.jobscraper.test_logins.CountingHasher"]
    return broker


@pytest.fixture
def operator(logins):
    return User.objects.create_superuser("operator", "operator@example.org", PASSWORD)


def _login(username: str, password: str, *, address: str = "127.0.0.1", **headers):
    """A fresh browser's login to admin from `address`: (status, page text, logged in?)."""
    browser = Client(REMOTE_ADDR=address, **headers)
    response = browser.post(reverse("admin:login"), {"username": username, "password": password})
    return response.status_code, response.content.decode(), "_auth_user_id" in browser.session


def test_past_the_limit_the_right_password_is_refused_without_being_checked(operator):
    # given LIMIT failed logins for the operator's username
    for _ in range(LIMIT - 1):
        status, html, _ = _login("operator", "wrong")
        assert status == 200 and "Please enter the correct username and password" in html
    status, html, _ = _login("operator", "wrong")
    assert status == 429 and REFUSED in html

    # when the right password comes next
    checked = CountingHasher.checked
    status, html, logged_in = _login("operator", PASSWORD)

    # then it is refused with the reason, and the password was never looked at
    assert (status, logged_in) == (429, False)
    assert REFUSED in html and "axes_reset_username" in html
    assert CountingHasher.checked == checked


def test_a_login_goes_through_once_the_window_has_passed(operator, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)  # LOGIN_FAILURE_WINDOW, 15 minutes by default
    for _ in range(LIMIT):
        _login("operator", "wrong")
    assert _login("operator", PASSWORD)[2] is False

    # tries during the lockout do not restart its window, so the polling below ends
    wait_for(lambda: _login("operator", PASSWORD)[2], 30, message="a login after the window")


def test_an_operator_lifts_a_lockout_with_axes_reset_commands(operator):
    for _ in range(LIMIT):
        _login("operator", "wrong")

    # the username's count and the address's count each lock by themselves: both are reset
    call_command("axes_reset_username", "operator")
    assert _login("operator", PASSWORD)[2] is False
    call_command("axes_reset_ip", "127.0.0.1")

    assert _login("operator", PASSWORD)[2] is True


def test_failures_are_counted_per_address(operator):
    # given LIMIT failures from one address, each for another username (no username reaches the limit)
    for n in range(LIMIT):
        _login(f"guess-{n}", "wrong", address="203.0.113.7")

    # then that address is refused even for the operator's right password, and another address is not
    assert _login("operator", PASSWORD, address="203.0.113.7")[:3:2] == (429, False)
    assert _login("operator", PASSWORD, address="198.51.100.2")[2] is True


def test_failures_are_counted_per_username_from_any_address(operator):
    for n in range(LIMIT):
        _login("operator", "wrong", address=f"203.0.113.{n + 1}")

    assert _login("operator", PASSWORD, address="198.51.100.2")[:3:2] == (429, False)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(operator, settings):
    # given one proxy in front: every request comes from its address, and each client's own address is the last
    # X-Forwarded-For entry; what a client puts before it is its own choice
    settings.PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(LIMIT):
        _login(f"guess-{n}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")

    # then the client at 203.0.113.7 is refused whatever it claims first, and another client behind the proxy is not
    assert _login("operator", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")[2] is False
    assert _login("operator", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")[2] is True


def test_with_redis_down_an_operator_still_logs_in_and_a_wrong_password_is_still_refused(operator, caplog):
    from axes.handlers.proxy import AxesProxyHandler
    from django.core.cache.backends.redis import RedisCache

    from tests.alerts.mail import free_port

    # given the shared cache's Redis gone (the counts' client pointed at a port nobody listens on)
    handler = AxesProxyHandler.get_implementation()
    gone = RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    counted, handler.cache = handler.cache, gone
    try:
        # when logins come, wrong past the limit, then right
        for _ in range(LIMIT + 1):
            status, html, logged_in = _login("operator", "wrong")
            assert (status, logged_in) == (200, False) and "Please enter the correct username and password" in html
        status, _, logged_in = _login("operator", PASSWORD)
    finally:
        handler.cache = counted

    # then the password decided, uncounted, and the log says why
    assert (status, logged_in) == (302, True)
    assert "failed logins could not be counted, as Redis (the shared cache) failed" in caplog.text
