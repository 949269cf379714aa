"""API keys: optional for the read API, each raising its holder's rate limit above an address's."""
import hashlib

from django.db import models
from django.urls import reverse

KEY_PREFIX_LENGTH = 8  # characters of a key kept in clear, so an operator can tell which key a holder means


def key_digest(secret: str) -> str:
    """What is stored of a key: its SHA-256. A key is 256 random bits (api.services.api_key_issue), which no guessing
    reaches, so a fast hash guards it as well as a slow one would."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class ApiKey(models.Model):
    name = models.CharField("name", max_length=200, help_text="Who holds the key, to tell keys apart.")
    digest = models.CharField("digest", max_length=64, unique=True, editable=False,
                              help_text="SHA-256 of the key: the key itself is shown once, when it is made.")
    prefix = models.CharField("starts with", max_length=KEY_PREFIX_LENGTH, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        "requests a minute", default=600,
        help_text="How many API requests the key's holder may make a minute, whatever their address.",
    )
    active = models.BooleanField("active", default=True, help_text="A key that is not active is refused (401).")
    created_at = models.DateTimeField("created", auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self):
        return reverse("admin:api_apikey_change", args=[self.pk])
