"""API keys in admin: made here, their secret shown once."""
from django.contrib import admin, messages

from .models import ApiKey
from .services import api_key_issue


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "requests_per_minute", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at")
    fields = ("name", "requests_per_minute", "active", "prefix", "created_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        secret = api_key_issue(key=obj)
        self.message_user(
            request,
            f"The key for {obj.name} is {secret} — copy it now: it is not stored and will not be shown again. "
            "Its holder sends it as the X-API-Key header.",
            messages.WARNING,
        )
