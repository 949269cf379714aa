"""Admin for operators: the daily cloud budget (editable), and the cloud calls and batches it counts (read-only)."""
from django.contrib import admin
from django.db.models import Count, Sum
from django.shortcuts import redirect
from django.utils import timezone

from . import budget
from .models import CloudBatch, CloudBudget, CloudCall
from .pricing import budget_day, budget_resets_at


@admin.register(CloudBudget)
class CloudBudgetAdmin(admin.ModelAdmin):
    fields = ["daily_cap_usd", "cap_in_force", "spent_today", "resets_at", "updated_at"]
    readonly_fields = ["cap_in_force", "spent_today", "resets_at", "updated_at"]

    def changelist_view(self, request, extra_context=None):
        # One row: the list is its page.
        return redirect(budget.cloud_budget().get_absolute_url())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="cap in force")
    def cap_in_force(self, row):
        return str(row)

    @admin.display(description="spent or reserved today (UTC)")
    def spent_today(self, row):
        return f"${budget.cloud_committed(day=budget_day(timezone.now())):.4f}"

    @admin.display(description="resets at")
    def resets_at(self, row):
        return f"{budget_resets_at(timezone.now()):%Y-%m-%d %H:%M} UTC"


class ReadOnlyAdmin(admin.ModelAdmin):
    """A ledger its services write (cloud calls and batches here, exchange rates in jobscraper.admin): shown, never
    added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CloudCall)
class CloudCallAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "day", "job", "model", "mode", "state", "estimate_usd", "tokens_in", "tokens_out", "cost_usd"]
    list_filter = ["day", "mode", "state", "model"]
    list_select_related = ["job__company"]
    search_fields = ["job__title", "job__external_id", "batch__remote_id"]
    date_hierarchy = "created_at"
    raw_id_fields = ["job", "batch"]


@admin.register(CloudBatch)
class CloudBatchAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "remote_id", "state", "remote_status", "model", "calls_count", "cost", "finished_at", "error"]
    list_filter = ["state", "remote_status", "model"]
    search_fields = ["remote_id", "error"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(call_count=Count("calls"), cost_usd=Sum("calls__cost_usd"))

    @admin.display(description="calls", ordering="call_count")
    def calls_count(self, batch):
        return batch.call_count

    @admin.display(description="cost (USD)", ordering="cost_usd")
    def cost(self, batch):
        return batch.cost_usd
