"""Webhooks: a real HTTP receiver on this machine gets each committed event, signed, and
gets it again after answering 500."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eig.api.enums import DeliveryStatus, WebhookEvent
from eig.api.models import WebhookDelivery, WebhookEndpoint
from eig.api.webhooks import (
    DISABLE_AFTER,
    delivery_resend,
    signature,
    webhook_emit,
    webhook_endpoint_create,
    webhooks_resend_due,
)
from eig.challenges.enums import ChallengeStatus
from eig.challenges.services.challenges import challenge_withdraw
from eig.notifications.models import Email
from tests.factories import AgentFactory, ChallengeFactory

pytestmark = pytest.mark.django_db


def verify(secret: str, headers, body: bytes) -> bool:
    """What a receiver does (the README's ten lines)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body.decode()}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, part.removeprefix("v1,"))
        for part in headers["webhook-signature"].split()
    )


class Receiver:
    """An HTTP server on 127.0.0.1 in a thread; answers 500 to its first ``fail_first`` calls."""

    def __init__(self, fail_first: int = 0) -> None:
        self.calls: list[dict] = []
        self.fail_first = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append({"headers": dict(self.headers), "body": body})
                status = 500 if len(receiver.calls) <= receiver.fail_first else 204
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/eig"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver(fail_first=1)
    yield receiver
    receiver.close()


def _headers(call):
    return {key.lower(): value for key, value in call["headers"].items()}


def test_a_committed_event_reaches_the_receiver_signed_and_again_after_a_500(
    receiver, staff, django_capture_on_commit_callbacks
):
    endpoint = webhook_endpoint_create(
        url=receiver.url, events=[WebhookEvent.CHALLENGE_STATUS_CHANGED], by=staff
    )
    agent = AgentFactory()
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        challenge_withdraw(challenge=challenge, by=agent)
    assert receiver.calls == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    first = receiver.calls[0]
    assert verify(endpoint.secret, _headers(first), first["body"])
    payload = json.loads(first["body"])
    assert payload["type"] == "defi.statut_change"
    assert payload["data"] == {
        "defi_id": challenge.pk,
        "ancien_statut": ChallengeStatus.DRAFT,
        "statut": ChallengeStatus.WITHDRAWN,
    }
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 500

    # The sweep sends it again once its backoff has passed.
    WebhookDelivery.objects.update(claimed_at=delivery.claimed_at - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_resend_due() == 1
    second = receiver.calls[1]
    assert verify(endpoint.secret, _headers(second), second["body"])
    assert _headers(second)["webhook-id"] == _headers(first)["webhook-id"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2


def test_a_rolled_back_change_sends_nothing(receiver, staff, django_capture_on_commit_callbacks):
    webhook_endpoint_create(url=receiver.url, events=WebhookEvent.values, by=staff)

    def change_that_fails():
        with transaction.atomic():
            webhook_emit(WebhookEvent.OFFER_ACCEPTED, {"offre_id": 1, "defi_id": 1})
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert receiver.calls == []
    assert not WebhookDelivery.objects.exists()


def test_an_endpoint_not_subscribed_gets_nothing(receiver, staff):
    webhook_endpoint_create(url=receiver.url, events=[WebhookEvent.CONTRACT_CREATED], by=staff)
    assert webhook_emit(WebhookEvent.OFFER_ACCEPTED, {"offre_id": 1, "defi_id": 1}) == 0


def test_repeated_failures_disable_the_endpoint_and_email_staff(
    staff, django_capture_on_commit_callbacks
):
    receiver = Receiver(fail_first=10_000)
    try:
        endpoint = webhook_endpoint_create(url=receiver.url, events=WebhookEvent.values, by=staff)
        WebhookEndpoint.objects.update(consecutive_failures=DISABLE_AFTER - 1)
        with django_capture_on_commit_callbacks(execute=True):
            webhook_emit(WebhookEvent.CONTRACT_CREATED, {"contrat_id": 1, "defi_id": 1})
    finally:
        receiver.close()
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is not None
    email = Email.objects.get(template="webhook_disabled")
    assert email.to == staff.email
    assert endpoint.url in email.body_text
    assert webhook_emit(WebhookEvent.CONTRACT_CREATED, {"contrat_id": 2, "defi_id": 1}) == 0

    # Re-sending by hand re-enables it.
    delivery_resend(delivery=WebhookDelivery.objects.get(), by=staff)
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is None


def test_the_signature_is_standard_webhooks():
    # Example from the Standard Webhooks specification's reference implementation.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"test": 2432232314}'
    assert (
        signature(
            secret=secret,
            message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
            body=body,
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_staff_register_a_webhook_see_its_log_and_resend(client, staff, receiver):
    client.force_login(staff)
    response = client.post(
        reverse("api_tokens:webhook_list"),
        {"url": receiver.url, "events": [WebhookEvent.CANDIDACY_SUBMITTED]},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    webhook_emit(WebhookEvent.CANDIDACY_SUBMITTED, {"candidature_id": 1, "session_id": 1})
    delivery = WebhookDelivery.objects.get()
    page = client.get(reverse("api_tokens:webhook_detail", kwargs={"pk": endpoint.pk}))
    assert delivery.message_id in page.content.decode()
    response = client.post(reverse("api_tokens:delivery_resend", kwargs={"pk": delivery.pk}))
    assert response.status_code == 302


@pytest.mark.parametrize("count", [3, 9])
def test_the_log_of_deliveries_is_paginated_newest_first_with_their_state(
    client, staff, settings, django_assert_max_num_queries, count
):
    """Every delivery can be reached, a page at a time, in as many queries whatever the
    log's length; each shows its state in French."""
    settings.PAGE_SIZE = 2
    endpoint = webhook_endpoint_create(
        url="https://exemple.gouv.fr/eig", events=[WebhookEvent.CANDIDACY_SUBMITTED], by=staff
    )
    for number in range(count):
        webhook_emit(WebhookEvent.CANDIDACY_SUBMITTED, {"candidature_id": number})
    oldest = WebhookDelivery.objects.order_by("created_at", "pk").first()
    client.force_login(staff)
    url = reverse("api_tokens:webhook_detail", kwargs={"pk": endpoint.pk})
    last = (count + 1) // 2

    with django_assert_max_num_queries(8):
        response = client.get(url, {"page": last})

    page = response.content.decode()
    assert response.context["deliveries"].paginator.count == count
    assert oldest.message_id in page
    assert f"{count} envois, les plus récents d’abord" in page
    assert "À envoyer" in page
    assert f"Page {last} sur {last}" in page


def test_a_webhooks_token_lists_them_without_their_secret(client, staff):
    from eig.api.enums import Scope
    from tests.api.tokens import bearer, token_secret

    endpoint = webhook_endpoint_create(
        url="https://exemple.gouv.fr/eig", events=[WebhookEvent.CONTRACT_CREATED], by=staff
    )
    response = client.get("/api/v1/webhooks", **bearer(token_secret(Scope.WEBHOOKS)))
    assert response.status_code == 200
    assert response.json()[0]["url"] == "https://exemple.gouv.fr/eig"
    assert endpoint.secret not in response.content.decode()


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_again_by_the_sweep(
    receiver, staff, django_capture_on_commit_callbacks
):
    receiver.fail_first = 0
    webhook_endpoint_create(
        url=receiver.url, events=[WebhookEvent.CHALLENGE_STATUS_CHANGED], by=staff
    )
    webhook_emit(WebhookEvent.CHALLENGE_STATUS_CHANGED, {"defi_id": 1})  # its job never ran
    left = timezone.now() - datetime.timedelta(minutes=16)
    WebhookDelivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=left, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_resend_due() == 1

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2
    assert len(receiver.calls) == 1


def test_a_delivery_sending_for_a_short_while_is_left_to_its_worker(receiver, staff):
    webhook_endpoint_create(
        url=receiver.url, events=[WebhookEvent.CHALLENGE_STATUS_CHANGED], by=staff
    )
    webhook_emit(WebhookEvent.CHALLENGE_STATUS_CHANGED, {"defi_id": 1})
    WebhookDelivery.objects.update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )

    assert webhooks_resend_due() == 0
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SENDING
