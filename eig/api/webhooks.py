"""Signed webhooks (Standard Webhooks): rows first, sent by a job after commit.

``webhook_emit`` writes one ``WebhookDelivery`` per subscribed endpoint in the caller's
transaction and queues its sending job (``eig.core.jobs``): nothing leaves if the change
rolls back. Each delivery carries ``webhook-id`` (stable across retries),
``webhook-timestamp`` and ``webhook-signature: v1,<base64 HMAC-SHA256 of
"id.timestamp.body">`` keyed by the endpoint's secret (``whsec_<base64 key>``). A failed
delivery is retried with ``WEBHOOK_BACKOFF`` by the queue (production) or by
``webhooks_resend_due`` (the sweep); after ``MAX_ATTEMPTS`` it is given up, and an
endpoint failing ``DISABLE_AFTER`` times in a row is disabled and staff are e-mailed.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
import uuid
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.selectors import staff_emails
from eig.api.enums import DeliveryStatus, WebhookEvent
from eig.api.models import WebhookDelivery, WebhookEndpoint
from eig.api.workflow import DELIVERY_WORKFLOW
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.jobs import Backoff, JobGaveUp, RetryAfter, RetryPolicy, enqueue, job
from eig.core.workflow import transition_apply, transition_apply_many
from eig.notifications.services import email_queue

logger = logging.getLogger(__name__)

WEBHOOK_BACKOFF = Backoff(first=datetime.timedelta(seconds=30), factor=3)
MAX_ATTEMPTS = 8
# A delivery still "sending" after this long belongs to a worker that died (as e-mails).
SENDING_TIMEOUT = datetime.timedelta(minutes=15)
WORKER_STOPPED_ERROR = "Le processus d’envoi s’est arrêté pendant l’envoi."
DISABLE_AFTER = 20
TIMEOUT_SECONDS = 10
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    """``v1,<base64 HMAC-SHA256>`` of ``id.timestamp.body`` (Standard Webhooks)."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


# Writes


def webhook_endpoint_create(*, url: str, events: list[str], by: User) -> WebhookEndpoint:
    unknown = set(events) - set(WebhookEvent.values)
    if not events or unknown:
        raise DomainError("Choisissez au moins un événement parmi ceux proposés.")
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            url=url, events=sorted(events), secret=secret_generate(), created_by=by
        )
        event_record(
            subject=endpoint, by=by, action=HistoryAction.CREATED, changes={"events": events}
        )
    return endpoint


def webhook_emit(event: str, data: dict[str, Any]) -> int:
    """Queue ``event`` for every active endpoint subscribed to it (caller's transaction)."""
    endpoints = WebhookEndpoint.objects.filter(disabled_at__isnull=True)
    count = 0
    with transaction.atomic():
        for endpoint in endpoints:
            if event not in endpoint.events:
                continue
            message_id = f"msg_{uuid.uuid4().hex}"
            payload = {"type": event, "timestamp": timezone.now().isoformat(), "data": data}
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint, message_id=message_id, event=event, payload=payload
            )
            enqueue(webhook_deliver, delivery_id=delivery.pk)
            count += 1
    return count


def delivery_resend(*, delivery: WebhookDelivery, by: User) -> WebhookDelivery:
    """Send a delivery again by hand (same id, so a receiver can tell it is the same)."""
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
        if not DELIVERY_WORKFLOW.allows(locked.status, "resend"):
            raise DomainError("Cet envoi est en cours : réessayez dans un instant.")
        locked = transition_apply(
            workflow=DELIVERY_WORKFLOW,
            instance=locked,
            name="resend",
            by=by,
            extra_fields={"attempts": 0},
        )
        WebhookEndpoint.objects.filter(pk=locked.endpoint_id).update(
            disabled_at=None, consecutive_failures=0
        )
        event_record(
            subject=locked.endpoint,
            by=by,
            action=HistoryAction.WEBHOOK_RESENT,
            changes={"id": locked.pk},
        )
        enqueue(webhook_deliver, delivery_id=locked.pk)
    return locked


# Sending


def _move(queryset: QuerySet[WebhookDelivery], name: str, **fields: Any) -> int:
    """Move the deliveries of ``queryset`` through ``name``, by the platform; how many moved."""
    return transition_apply_many(
        workflow=DELIVERY_WORKFLOW, queryset=queryset, name=name, by=None, extra_fields=fields
    )


def _claim(delivery_id: int, now: datetime.datetime) -> bool:
    claimed = _move(
        WebhookDelivery.objects.filter(pk=delivery_id),
        "claim",
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> int:
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False)
    timestamp = int(timezone.now().timestamp())
    request = urllib.request.Request(  # noqa: S310 (staff-registered http(s) URL)
        endpoint.url,
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "EIG-webhooks/1",
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(
                secret=endpoint.secret,
                message_id=delivery.message_id,
                timestamp=timestamp,
                body=body,
            ),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@job(
    name="api.webhook_deliver",
    retry=RetryPolicy(max_attempts=MAX_ATTEMPTS, backoff=WEBHOOK_BACKOFF),
)
def webhook_deliver(delivery_id: int) -> None:
    """Send one delivery if it is still pending; the row records what happened."""
    if not _claim(delivery_id, timezone.now()):
        return
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    try:
        status_code: int | None = _post(delivery.endpoint, delivery)
        error = "" if 200 <= (status_code or 0) < 300 else f"Réponse HTTP {status_code}"
    except (OSError, ValueError) as exc:
        status_code, error = None, f"{type(exc).__name__}: {exc}"
    if not error:
        _delivered(delivery, status_code)
        return
    raise _failed(delivery, status_code, error)


def _delivered(delivery: WebhookDelivery, status_code: int | None) -> None:
    _move(
        WebhookDelivery.objects.filter(pk=delivery.pk),
        "deliver",
        delivered_at=timezone.now(),
        last_status_code=status_code,
        last_error="",
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)


def _failed(
    delivery: WebhookDelivery, status_code: int | None, error: str
) -> JobGaveUp | RetryAfter:
    final = delivery.attempts >= MAX_ATTEMPTS
    with transaction.atomic():
        _move(
            WebhookDelivery.objects.filter(pk=delivery.pk),
            "give_up" if final else "retry",
            last_status_code=status_code,
            last_error=error[:2000],
        )
        endpoint = WebhookEndpoint.objects.select_for_update(of=("self",)).get(
            pk=delivery.endpoint_id
        )
        endpoint.consecutive_failures += 1
        endpoint.save(update_fields=["consecutive_failures"])
        if endpoint.disabled_at is None and endpoint.consecutive_failures >= DISABLE_AFTER:
            _disable(endpoint)
    logger.warning(
        "Webhook delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error
    )
    if final:
        return JobGaveUp(f"Webhook delivery {delivery.pk} given up")
    return RetryAfter(
        f"Webhook delivery {delivery.pk} failed", delay=WEBHOOK_BACKOFF.after(delivery.attempts)
    )


def _disable(endpoint: WebhookEndpoint) -> None:
    endpoint.disabled_at = timezone.now()
    endpoint.save(update_fields=["disabled_at"])
    event_record(subject=endpoint, by=None, action=HistoryAction.WEBHOOK_ENDPOINT_DISABLED)
    staff = staff_emails()
    if staff:
        email_queue(
            to=staff,
            template="webhook_disabled",
            context={
                "endpoint": endpoint,
                "failures": endpoint.consecutive_failures,
                "site_url": settings.SITE_URL,
            },
        )


def deliveries_release_stalled(*, now: datetime.datetime) -> int:
    """Give back the deliveries left "sending" by a worker that died (each was an attempt)."""
    stalled = WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    )
    failed = _move(
        stalled.filter(attempts__gte=MAX_ATTEMPTS), "give_up", last_error=WORKER_STOPPED_ERROR
    )
    pending = _move(stalled, "retry", last_error=WORKER_STOPPED_ERROR)
    return failed + pending


def deliveries_due(*, now: datetime.datetime) -> list[int]:
    """Pending deliveries whose last attempt is older than their backoff."""
    due = []
    pending = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, endpoint__disabled_at__isnull=True, attempts__gt=0
    ).values_list("pk", "attempts", "claimed_at")
    for pk, attempts, claimed_at in pending:
        if claimed_at is None or claimed_at + WEBHOOK_BACKOFF.after(attempts) <= now:
            due.append(pk)
    return due


@job(name="api.webhooks_resend_due", retry=None, periodic_cron="*/5 * * * *")
def webhooks_resend_due(timestamp: int | None = None) -> int:
    """Queue again the failed deliveries whose backoff has passed (the embedded default's
    retries; in production the queue retries by itself and this only catches leftovers)."""
    now = timezone.now()
    released = deliveries_release_stalled(now=now)
    if released:
        logger.warning("%s webhook deliveries were left sending by a stopped worker", released)
    ids = deliveries_due(now=now)
    for delivery_id in ids:
        enqueue(webhook_deliver, delivery_id=delivery_id)
    return len(ids)
