"""The alert emails, built for Django's email backends: a confirmation, and a digest carrying its one-click
unsubscribe (the List-Unsubscribe and List-Unsubscribe-Post headers of RFC 8058) and a link to the rest."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from jobscraper.filters import filters_active, job_filters_parse

from .models import Send, Subscription
from .tokens import confirm_token, manage_token, unsubscribe_token


def site_url(path: str) -> str:
    """`path` on the site as visitors reach it (SITE_URL): a worker sending mail has no request to ask."""
    return settings.SITE_URL + path


def search_summary(query: str) -> str:
    """A saved search in words, as the list's chips name its filters: "python; remote: remote"; "every job"."""
    active = filters_active(job_filters_parse(QueryDict(query)))
    parts = [f"“{item.value}”" if item.name == "q" else f"{item.name.replace('_', ' ')}: {item.value}" for item in active]
    # One line: it is the emails' subject, and a line break a visitor put in a filter (the list keeps them) would end
    # the header.
    return " ".join("; ".join(parts).split()) or "every job"


def alert_links(subscription: Subscription) -> dict[str, str]:
    """The links every email of an alert carries: the listing, unsubscribe, and the page managing the address's
    alerts."""
    ref = {"subscription_id": subscription.pk, "email": subscription.email}
    return {
        "listing_url": site_url(subscription.listing_url()),
        "unsubscribe_url": site_url(reverse("alert_unsubscribe", args=[unsubscribe_token(**ref)])),
        "manage_url": site_url(reverse("alert_manage", args=[manage_token(email=subscription.email)])),
    }


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    token = confirm_token(subscription_id=subscription.pk, email=subscription.email)
    context = {
        "subscription": subscription, "search": search_summary(subscription.query),
        "confirm_url": site_url(reverse("alert_confirm", args=[token])), **alert_links(subscription),
    }
    return EmailMultiAlternatives(
        subject=f"Confirm your job alert: {context['search']}",
        body=render_to_string("alerts/email/confirm.txt", context),
        to=[subscription.email],
    )


def digest_message(send: Send, jobs: list) -> EmailMultiAlternatives:
    """The digest of `send`. Its Message-ID is the send's own, so a digest sent again after a crash (RELIABILITY.md)
    carries the same one and a mail client can tell it is the same message."""
    subscription = send.subscription
    links = alert_links(subscription)
    context = {
        "subscription": subscription, "search": search_summary(subscription.query), "send": send,
        "jobs": [(job, site_url(job.get_absolute_url())) for job in jobs], **links,
    }
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=f"{len(jobs)} new job{'s' if len(jobs) != 1 else ''}{'+' if send.more else ''}: {context['search']}",
        body=render_to_string("alerts/email/digest.txt", context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<alerts-digest-{send.pk}@{host}>",
        },
    )
    message.attach_alternative(render_to_string("alerts/email/digest.html", context), "text/html")
    return message
