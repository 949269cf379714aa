"""Failed admin logins (django-axes): where they are counted, the client address they are counted against, and what a
refused login sees."""
import logging

from axes.handlers.cache import AxesCacheHandler
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from redis import RedisError

logger = logging.getLogger(__name__)

LOCKED_OUT_STATUS = 429  # Too Many Requests


def client_address(request) -> str:
    """The connection's address, or behind PROXY_COUNT proxies the X-Forwarded-For entry that many from the right:
    each proxy appends the address it was reached from, so the entries left of it are whatever the client sent."""
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The admin's page saying why the login was refused and for how long, instead of its login form. Rendered here:
    AxesMiddleware swaps it in after the view, where a TemplateResponse would no longer be rendered."""
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "window_minutes": max(round(settings.AXES_COOLOFF_TIME.total_seconds() / 60), 1),
    }
    return render(request, "admin/locked_out.html", context, status=LOCKED_OUT_STATUS)


class LoginCounts(AxesCacheHandler):
    """django-axes' failed-login counts in the shared Redis cache (every web process sees them), except that Redis
    failing lets a login through uncounted, saying so in the log, instead of answering 500: an operator must be able to
    log in to see what is down (the operations page), and Redis sits on the inside, out of an attacker's reach. The
    password is checked as ever; only the count is missing until Redis is back."""

    def get_failures(self, request, credentials=None) -> int:
        try:
            return super().get_failures(request, credentials)
        except RedisError as exc:
            _uncounted("read", exc)
            return 0

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        try:
            super().user_login_failed(sender, credentials, request, **kwargs)
        except RedisError as exc:
            _uncounted("counted", exc)

    def user_logged_in(self, sender, request, user, **kwargs):
        try:
            super().user_logged_in(sender, request, user, **kwargs)
        except RedisError as exc:
            _uncounted("reset", exc)


def _uncounted(what: str, exc: RedisError) -> None:
    logger.error("admin login: failed logins could not be %s, as Redis (the shared cache) failed: %s; logins go on "
                 "uncounted until it is back", what, exc)
