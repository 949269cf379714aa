"""Admin shows the alerts, their digests and the mail server's refusals, and why an alert was disabled."""
import pytest
from django.urls import reverse

from alerts.models import Send, Subscription
from tests.alerts.builders import active_alert

pytestmark = pytest.mark.django_db


def test_admin_shows_alerts_their_digests_and_refusals(admin_client):
    alert = active_alert("gone@example.org", "q=python")
    Subscription.objects.filter(pk=alert.pk).update(
        status="disabled", disabled_reason="The mail server refused this address's last 3 digests; the last said: "
        "550 5.1.1 No such user here")
    Send.objects.create(subscription=alert, window_start=alert.covered_until, window_end=alert.covered_until,
                        job_ids=[1], status="failed", error="Refused by the mail server: 550 5.1.1 No such user here")

    alerts = admin_client.get(reverse("admin:alerts_subscription_changelist"), {"status": "disabled"}).content.decode()
    assert "gone@example.org" in alerts and "No such user here" in alerts
    sends = admin_client.get(reverse("admin:alerts_send_changelist"), {"q": "gone@"}).content.decode()
    assert "Refused by the mail server: 550" in sends
    assert admin_client.get(reverse("admin:alerts_subscription_change", args=[alert.pk])).status_code == 200
    assert admin_client.get(reverse("admin:alerts_subscription_add")).status_code == 403


def test_the_disable_action_disables_live_alerts_saying_who(admin_client):
    live, ended = active_alert("ana@example.org"), active_alert("bo@example.org")
    Subscription.objects.filter(pk=ended.pk).update(status="unsubscribed")

    response = admin_client.post(reverse("admin:alerts_subscription_changelist"),
                                 {"action": "disable", "_selected_action": [live.pk, ended.pk]}, follow=True)

    assert "1 alert disabled." in response.content.decode()
    live.refresh_from_db(), ended.refresh_from_db()
    assert live.status == "disabled" and "in admin" in live.disabled_reason
    assert ended.status == "unsubscribed"
