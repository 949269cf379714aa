"""Signed links in place of an account: confirm an alert, unsubscribe from one, manage an address's alerts.

Django's signing (HMAC with SECRET_KEY, a salt per purpose so that one kind of link never passes for another). Nothing
is stored for them: a link proves its bearer got our email at that address."""
from django.core import signing

CONFIRM_MAX_AGE = 3 * 24 * 3600  # seconds: a confirmation link older than this is refused (subscribing again sends one)
_CONFIRM, _UNSUBSCRIBE, _MANAGE = "alerts.confirm", "alerts.unsubscribe", "alerts.manage"


class BadToken(Exception):
    """A link that was not made by us, was altered, or has expired: the message says which, for the visitor."""


def confirm_token(*, subscription_id: int, email: str) -> str:
    return signing.dumps([subscription_id, email], salt=_CONFIRM, compress=True)


def unsubscribe_token(*, subscription_id: int, email: str) -> str:
    # No expiry: the link in a months-old digest must still unsubscribe.
    return signing.dumps([subscription_id, email], salt=_UNSUBSCRIBE, compress=True)


def manage_token(*, email: str) -> str:
    return signing.dumps(email, salt=_MANAGE, compress=True)


def _loads(token: str, *, salt: str, max_age: int | None = None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken("This link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError):  # ValueError, TypeError: a signed payload we never write
        raise BadToken("This link is not valid: it may have been cut short or changed.") from None


def _subscription_ref(value) -> tuple[int, str]:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str)):
        raise BadToken("This link is not valid: it may have been cut short or changed.")
    return value[0], value[1]


def confirm_token_read(token: str) -> tuple[int, str]:
    """(subscription id, email) of a confirmation link; BadToken if forged, altered or older than CONFIRM_MAX_AGE."""
    return _subscription_ref(_loads(token, salt=_CONFIRM, max_age=CONFIRM_MAX_AGE))


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    return _subscription_ref(_loads(token, salt=_UNSUBSCRIBE))


def manage_token_read(token: str) -> str:
    email = _loads(token, salt=_MANAGE)
    if not isinstance(email, str):
        raise BadToken("This link is not valid: it may have been cut short or changed.")
    return email
