"""Admin for alerts: the alerts with their state and why one was disabled, and every digest with what it held and
what the mail server said. Read-only but for an alert's frequency and the action disabling alerts: an alert starts only
by its address's confirmation."""
from django.contrib import admin
from django.utils import timezone

from .models import Send, Subscription


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
