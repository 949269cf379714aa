"""Failed admin logins (django-axes): the client address they are counted against, and what a refused login sees."""
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render

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
