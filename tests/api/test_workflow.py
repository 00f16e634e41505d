"""The webhook delivery's table: staff alone send a delivery again, the worker's moves are
the platform's, and none writes a history line on the delivery (it keeps its attempts)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from eig.api.enums import DeliveryStatus, WebhookEvent
from eig.api.models import WebhookDelivery, WebhookEndpoint
from eig.api.webhooks import delivery_resend, webhook_emit, webhook_endpoint_create
from eig.api.workflow import DELIVERY_WORKFLOW
from eig.core.errors import DomainError
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.core.workflow import SYSTEM, transition_apply_many
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def _delivery(staff, status: str) -> WebhookDelivery:
    webhook_endpoint_create(
        url="https://exemple.gouv.fr/eig", events=[WebhookEvent.CONTRACT_CREATED], by=staff
    )
    webhook_emit(WebhookEvent.CONTRACT_CREATED, {"contrat_id": 1, "defi_id": 1})
    WebhookDelivery.objects.update(status=status, attempts=3)
    return WebhookDelivery.objects.get()


def _delivery_lines() -> int:
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(WebhookDelivery)
    ).count()


def test_an_agent_cannot_send_a_delivery_again_whatever_the_page(staff):
    delivery = _delivery(staff, DeliveryStatus.FAILED)
    with pytest.raises(DomainError, match="« Renvoyer »"):
        delivery_resend(delivery=delivery, by=AgentFactory())
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)


def test_staff_send_a_delivery_again_with_a_line_on_the_endpoint_only(staff):
    delivery = _delivery(staff, DeliveryStatus.FAILED)
    WebhookEndpoint.objects.update(consecutive_failures=4)
    resent = delivery_resend(delivery=delivery, by=staff)
    assert (resent.status, resent.attempts) == (DeliveryStatus.PENDING, 0)
    assert Event.objects.filter(action=HistoryAction.WEBHOOK_RESENT, actor=staff).count() == 1
    assert _delivery_lines() == 0


WORKER_MOVES = [t.name for t in DELIVERY_WORKFLOW.transitions if SYSTEM in t.roles]


@pytest.mark.parametrize("name", WORKER_MOVES)
def test_the_worker_moves_are_the_platform_s_alone_and_write_no_history_line(staff, name):
    transition = DELIVERY_WORKFLOW.get(name)
    delivery = _delivery(staff, transition.sources[0])
    one = WebhookDelivery.objects.filter(pk=delivery.pk)
    with pytest.raises(DomainError, match=f"« {transition.label} »"):
        transition_apply_many(workflow=DELIVERY_WORKFLOW, queryset=one, name=name, by=staff)
    assert transition_apply_many(workflow=DELIVERY_WORKFLOW, queryset=one, name=name, by=None) == 1
    assert one.get().status == transition.target
    assert _delivery_lines() == 0


def test_of_two_claims_of_a_delivery_only_one_wins(staff):
    delivery = _delivery(staff, DeliveryStatus.PENDING)
    one = WebhookDelivery.objects.filter(pk=delivery.pk)
    claims = [
        transition_apply_many(
            workflow=DELIVERY_WORKFLOW,
            queryset=one,
            name="claim",
            by=None,
            extra_fields={"attempts": F("attempts") + 1},
        )
        for _worker in range(2)
    ]
    assert claims == [1, 0]
    assert (one.get().status, one.get().attempts) == (DeliveryStatus.SENDING, 4)
