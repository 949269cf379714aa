"""Alert pages: ask for an alert on a listing's search, confirm it, unsubscribe, and manage an address's alerts, each
from a signed link; no account. A link that is forged, altered or expired is a 400 page that says so."""
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from extraction.cities import coordinates_of
from jobscraper.filters import job_filters_params, job_filters_parse

from . import selectors, services
from .emails import search_summary
from .forms import FrequencyForm, SubscribeForm
from .models import MAX_QUERY, Subscription
from .tokens import BadToken, confirm_token_read, manage_token_read, unsubscribe_token_read


GONE = "This alert no longer exists."


def _bad_link(request, exc: BadToken):
    return render(request, "alerts/notice.html", {"title": "This link does not work", "message": str(exc),
                                                  "hint": "Ask for the alert again from its search."}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def alert_new(request):
    """The form for an alert on the search in the query string, stored as the listing's own canonical query."""
    filters = job_filters_parse(request.GET, place_of=coordinates_of)
    query = urlencode(job_filters_params(filters))
    form = SubscribeForm(request.POST) if request.method == "POST" else SubscribeForm()
    too_long = len(query) > MAX_QUERY
    if request.method == "POST" and not too_long and form.is_valid():
        services.subscription_request(query=query, **form.cleaned_data)
        return redirect("alert_requested")
    context = {
        "form": form, "query": query, "search": search_summary(query), "too_long": too_long, "notes": filters.notes,
        "listing_url": Subscription(query=query).listing_url(),
    }
    return render(request, "alerts/new.html", context, status=400 if request.method == "POST" else 200)


@require_safe
def alert_requested(request):
    return render(request, "alerts/notice.html", {
        "title": "Check your email",
        "message": "We sent a link to confirm the alert. Nothing is sent until it is confirmed; the link works for 3 days.",
    })


def _signed_action(request, token: str, *, read, button: dict, act, done):
    """A signed link's one action on one alert: `read` the token into (alert id, address); a GET shows a button (with
    `button`'s title and label, and its message formatted with the address) only, since mail scanners open every link;
    a POST does `act` and shows the notice `done(alert)` says."""
    try:
        subscription_id, email = read(token)
        if request.method != "POST":
            return render(request, "alerts/button.html", {**button, "message": button["message"].format(email=email)})
        subscription = act(subscription_id=subscription_id, email=email)
    except BadToken as exc:
        return _bad_link(request, exc)
    except services.AlertGone:
        raise Http404(GONE) from None
    return render(request, "alerts/notice.html", done(subscription))


@require_http_methods(["GET", "HEAD", "POST"])
def alert_confirm(request, token: str):
    def done(subscription):
        if subscription.status != subscription.Status.ACTIVE:
            return {"title": "This alert has ended", "message": "Ask for it again from its search to start it again.",
                    "link": (subscription.listing_url(), "Back to the search")}
        return {"title": "Your alert is on", "link": (subscription.listing_url(), "Back to the search"),
                "message": f"New jobs for {search_summary(subscription.query)} will come "
                f"{subscription.get_frequency_display()}."}

    return _signed_action(
        request, token, read=confirm_token_read, act=services.subscription_confirm, done=done,
        button={"title": "Confirm your job alert", "button": "Confirm the alert", "message": "Alerts will go to {email}."},
    )


# RFC 8058: a mail client unsubscribes by POSTing to the List-Unsubscribe URL, without cookies, so no CSRF token;
# the signed link is the proof.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def alert_unsubscribe(request, token: str):
    return _signed_action(
        request, token, read=unsubscribe_token_read, act=services.subscription_unsubscribe,
        button={"title": "Unsubscribe", "button": "Unsubscribe",
                "message": "No more alerts for this search will go to {email}."},
        done=lambda subscription: {
            "title": "You are unsubscribed",
            "message": f"No more alerts for {search_summary(subscription.query)} will go to {subscription.email}.",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def alert_manage(request, token: str):
    """An address's alerts, each with its frequency to change and a button to unsubscribe."""
    try:
        email = manage_token_read(token)
    except BadToken as exc:
        return _bad_link(request, exc)
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if not form.is_valid():
            return render(request, "alerts/notice.html", {"title": "Nothing changed", "message": "Choose a frequency."},
                          status=400)
        ref = {"subscription_id": form.cleaned_data["subscription"], "email": email}
        try:
            if "unsubscribe" in request.POST:
                services.subscription_unsubscribe(**ref)
            else:
                services.subscription_frequency_set(frequency=form.cleaned_data["frequency"], **ref)
        except (BadToken, services.AlertGone):  # BadToken: another address's alert, which this link does not manage
            raise Http404(GONE) from None
        return redirect("alert_manage", token=token)
    alerts = [
        (subscription, search_summary(subscription.query),
         FrequencyForm(initial={"subscription": subscription.pk, "frequency": subscription.frequency},
                       auto_id=f"id_%s_{subscription.pk}"))
        for subscription in selectors.subscriptions_of(email=email)
    ]
    return render(request, "alerts/manage.html", {"email": email, "alerts": alerts})
