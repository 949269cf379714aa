"""Digests, each sent once: claimed with its jobs in the transaction that moves its alert's cursor past them, then
handed to the mail server under its row's lock and marked sent in that same transaction (RELIABILITY.md says what
this guarantees, and where a repeat remains possible)."""
import logging
import smtplib
from collections import Counter
from datetime import datetime

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Mod
from django.utils import timezone

from .claims import SETTLE, matches_claim
from .emails import digest_message
from .models import Send, Subscription
from .selectors import digest_jobs

logger = logging.getLogger(__name__)

DIGEST_CAP = 20  # jobs listed in one email; more are a link to the listing
# Digests whose jobs are read in one query before they are sent one by one: digests of one search share their jobs.
SEND_CHUNK = 200
REFUSALS_TO_DISABLE = 3  # digests the mail server refuses in a row before the alert is disabled, saying why


def digests_claim(*, frequency: str, now: datetime | None = None, part: int = 0, parts: int = 1) -> Counter:
    """Claim a digest for every active alert of `frequency` that has new matches: a Send row holding its jobs, created
    in the transaction that moves the alert's cursor (`covered_until`) past them (alerts.claims.matches_claim). With
    `parts`, only the alerts whose id is `part` modulo `parts`: one share of the run, the other shares claimed beside
    it."""
    until = (now or timezone.now()) - SETTLE

    def claim(subscription, after, ids, more):
        return Send(subscription=subscription, window_start=after, window_end=until, job_ids=ids, more=more)

    alerts = Subscription.objects.active().alias(part=Mod("id", parts)).filter(frequency=frequency, part=part)
    return matches_claim(alerts, until=until, cap=DIGEST_CAP, claim=claim, names=("alerts checked", "digests claimed"))


def _refusal(exc: Exception) -> str | None:
    """The mail server's permanent refusal of the recipient or the message (a 5xx), in its words; None for anything
    that may pass on a later try (a 4xx, a connection refused or dropped, our own sender refused)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = list(exc.recipients.values())
        if codes and all(code >= 500 for code, _ in codes):
            return "; ".join(f"{code} {_text(reply)}" for code, reply in codes)
        return None
    if isinstance(exc, smtplib.SMTPResponseException) and not isinstance(exc, smtplib.SMTPSenderRefused):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}" if exc.smtp_code >= 500 else None
    return None


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _refused(send: Send, reason: str) -> None:
    send.status, send.error = Send.Status.FAILED, f"Refused by the mail server: {reason}"
    send.save(update_fields=["status", "error", "attempts"])
    subscription = send.subscription
    Subscription.objects.filter(pk=subscription.pk).update(refusals=F("refusals") + 1)
    subscription.refresh_from_db(fields=["refusals"])
    if subscription.refusals >= REFUSALS_TO_DISABLE:
        subscription.status, subscription.ended_at = Subscription.Status.DISABLED, timezone.now()
        subscription.disabled_reason = (
            f"The mail server refused this address's last {subscription.refusals} digests; the last said: {reason}"
        )
        subscription.save(update_fields=["status", "ended_at", "disabled_reason"])
        logger.warning("alert %s disabled: %s", subscription.pk, subscription.disabled_reason)


def _send_one(pk: int, connection, rows: dict) -> str:
    """Send one claimed digest, holding its row locked from before the mail server is asked until it is marked sent:
    a worker that dies meanwhile releases the lock with the row still claimed, and the next run sends it."""
    with transaction.atomic():
        send = (
            Send.objects.select_for_update(skip_locked=True, of=("self",)).select_related("subscription")
            .filter(pk=pk, status=Send.Status.CLAIMED).first()
        )
        if send is None:
            return "taken by another worker or done"
        if send.subscription.status != Subscription.Status.ACTIVE:
            send.status, send.error = Send.Status.FAILED, f"Not sent: the alert was {send.subscription.status} first."
            send.save(update_fields=["status", "error"])
            return "dropped (alert ended)"
        jobs = [rows[job_id] for job_id in send.job_ids if job_id in rows]
        if not jobs:
            send.status, send.error = Send.Status.FAILED, "Not sent: every job it listed has been rejected since."
            send.save(update_fields=["status", "error"])
            return "dropped (no job left)"
        send.attempts += 1
        try:
            connection.open()  # no-op while the run's SMTP session is open; reopens one a failure closed
            connection.send_messages([digest_message(send, jobs)])
        except (smtplib.SMTPException, OSError) as exc:
            reason = _refusal(exc)
            if reason is not None:
                _refused(send, reason)
                return "refused"
            send.error = f"Not sent yet (tried again next run): {type(exc).__name__}: {exc}"
            send.save(update_fields=["attempts", "error"])
            _close(connection)
            return "mail server unreachable"
        send.status, send.sent_at, send.error = Send.Status.SENT, timezone.now(), ""
        send.save(update_fields=["status", "sent_at", "error", "attempts"])
        if send.subscription.refusals:
            Subscription.objects.filter(pk=send.subscription_id).update(refusals=0)
    return "sent"


def _close(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        pass  # a session the server already dropped: nothing left to close


def digests_send(*, part: int = 0, parts: int = 1) -> Counter:
    """Send every claimed digest over one SMTP session: first those of the alerts whose id is `part` modulo `parts`
    (this share of the run), then any other still claimed (another share's, or one a dead worker left), each taken
    under its row's lock, so that shares sent at once never send one twice. Once the mail server cannot be reached
    the rest wait for the next run (beat's instant run, every 10 minutes), still claimed."""
    counts = Counter()
    connection = get_connection()
    claimed = Send.objects.filter(status=Send.Status.CLAIMED).alias(part=Mod("subscription_id", parts))
    try:
        # Read again after this share's own: by then the other shares have sent most of theirs.
        for rows in (claimed.filter(part=part), claimed.exclude(part=part)):
            for outcome in _send_all(list(rows.order_by("id").values_list("id", "job_ids")), connection):
                counts[outcome] += 1
                if outcome == "mail server unreachable":
                    return counts
    finally:
        _close(connection)
    return counts


def _send_all(claimed: list, connection):
    """Send each of `claimed` ((id, job ids) of claimed digests), yielding each outcome; their jobs read once per
    SEND_CHUNK digests."""
    for start in range(0, len(claimed), SEND_CHUNK):
        chunk = claimed[start:start + SEND_CHUNK]
        jobs = digest_jobs(job_ids=[job_id for _, job_ids in chunk for job_id in job_ids])
        for pk, _ in chunk:
            yield _send_one(pk, connection, jobs)


def digests_run(*, frequency: str, part: int = 0, parts: int = 1) -> dict:
    """One share of beat's run for `frequency`: claim its due digests, then send its claimed digests and then every
    other still claimed (any frequency's)."""
    counts = digests_claim(frequency=frequency, part=part, parts=parts) + digests_send(part=part, parts=parts)
    logger.info("alerts: %s digests, share %s of %s: %s", frequency, part + 1, parts, dict(counts))
    return dict(counts)
