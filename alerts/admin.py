"""Admin for alerts: the alerts with their state and why one was disabled, and every digest with what it held and
what the mail server said. Read-only but for an alert's frequency and the action disabling alerts: an alert starts only
by its address's confirmation. Webhooks are added here by an operator (for an integrator who asks), with their
deliveries and what the receiver answered; a disabled one is enabled again by an action."""
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .forms import WebhookForm
from .models import Delivery, Send, Subscription, Webhook
from .webhooks import webhooks_enable


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "query", "frequency", "status", "refusals", "disabled_reason", "created_at", "confirmed_at")
    list_filter = ("status", "frequency")
    search_fields = ("email", "query")
    readonly_fields = ("email", "query", "status", "created_at", "confirmed_at", "ended_at", "covered_until",
                       "refusals", "disabled_reason")
    fields = ("email", "query", "frequency", *readonly_fields[2:])
    actions = ["disable"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Disable the selected alerts")
    def disable(self, request, queryset):
        count = queryset.filter(status__in=(Subscription.Status.PENDING, Subscription.Status.ACTIVE)).update(
            status=Subscription.Status.DISABLED, ended_at=timezone.now(),
            disabled_reason=f"Disabled by {request.user.get_username()} in admin.",
        )
        self.message_user(request, f"{count} alert{'s' if count != 1 else ''} disabled.")


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):
    # An alert's digests: search by its address. A refusal's words are in `error`.
    list_display = ("subscription", "status", "claimed_at", "sent_at", "attempts", "error")
    list_filter = ("status", "subscription__frequency")
    search_fields = ("subscription__email",)
    list_select_related = ("subscription",)
    readonly_fields = ("subscription", "window_start", "window_end", "job_ids", "more", "status", "claimed_at",
                       "sent_at", "attempts", "error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a URL typed without its scheme
    list_display = ("name", "url", "query", "status", "failures", "disabled_reason", "created_at", "deliveries_link")
    list_filter = ("status",)
    search_fields = ("name", "url", "query")
    readonly_fields = ("secret", "status", "created_at", "covered_until", "failures", "disabled_at", "disabled_reason",
                       "deliveries_link")
    fields = ("name", "url", "query", *readonly_fields)
    actions = ["enable", "disable"]

    @admin.display(description="deliveries")
    def deliveries_link(self, webhook):
        url = reverse("admin:alerts_delivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        return format_html('<a href="{}">deliveries</a>', url) if webhook.pk else "-"

    @admin.action(description="Enable the selected webhooks again (their failures forgotten)")
    def enable(self, request, queryset):
        count = webhooks_enable(queryset)
        self.message_user(request, f"{count} webhook{'s' if count != 1 else ''} enabled.")

    @admin.action(description="Disable the selected webhooks")
    def disable(self, request, queryset):
        count = queryset.filter(status=Webhook.Status.ACTIVE).update(
            status=Webhook.Status.DISABLED, disabled_at=timezone.now(),
            disabled_reason=f"Disabled by {request.user.get_username()} in admin.",
        )
        self.message_user(request, f"{count} webhook{'s' if count != 1 else ''} disabled.")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    # A webhook's deliveries: its list's link filters by it. What the receiver answered is in last_status and error.
    list_display = ("webhook", "status", "claimed_at", "delivered_at", "attempts", "next_try_at", "last_status",
                    "error")
    list_filter = ("status", "webhook")
    search_fields = ("webhook__name", "webhook__url")
    list_select_related = ("webhook",)
    readonly_fields = ("webhook", "window_start", "window_end", "job_ids", "more", "status", "claimed_at",
                       "next_try_at", "delivered_at", "attempts", "last_status", "error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
