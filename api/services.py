"""Writes of the API app: issuing a key."""
import secrets

from .models import KEY_PREFIX_LENGTH, ApiKey, key_digest


def api_key_issue(*, key: ApiKey) -> str:
    """Give `key` a new secret and save it; returns the secret, which is stored only as its digest."""
    secret = secrets.token_urlsafe(32)  # 256 bits
    key.digest, key.prefix = key_digest(secret), secret[:KEY_PREFIX_LENGTH]
    key.save()
    return secret
