"""The committee's decisions and the publication of a round's decisions.

Decisions stay internal until staff publish the round: publication sets each
application's status, records its history, and only then queues the e-mails. A
published decision is never published again, so publishing twice sends nothing twice.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eig.api.enums import WebhookEvent
from eig.api.webhooks import webhook_emit
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.notifications.services import email_queue
from eig.programmes.models import Round
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision
from eig.selection.services.screening import decision_record, lock_submitted, require_staff

STATUS_FOR_OUTCOME = {
    DecisionOutcome.INELIGIBLE: CandidacyStatus.INELIGIBLE,
    DecisionOutcome.NOT_RETAINED: CandidacyStatus.NOT_RETAINED,
    DecisionOutcome.POOL: CandidacyStatus.POOL,
}
EMAIL_FOR_OUTCOME = {
    DecisionOutcome.INELIGIBLE: "selection_ineligible",
    DecisionOutcome.NOT_RETAINED: "selection_not_retained",
    DecisionOutcome.POOL: "selection_pool",
}


@transaction.atomic
def committee_decide(*, candidacy: Candidacy, joins_pool: bool, comment: str, by: Any) -> Decision:
    require_staff(by)
    locked = lock_submitted(candidacy)
    eligible = locked.decisions.filter(
        kind=DecisionKind.SCREENING, outcome=DecisionOutcome.ELIGIBLE
    ).exists()
    if not eligible:
        raise DomainError("Le comité ne statue que sur les candidatures recevables.")
    if not comment.strip():
        raise DomainError("Donnez la raison de la décision du comité.")
    outcome = DecisionOutcome.POOL if joins_pool else DecisionOutcome.NOT_RETAINED
    return decision_record(
        candidacy=locked, kind=DecisionKind.COMMITTEE, outcome=outcome, by=by, comment=comment
    )


@transaction.atomic
def committee_decide_bulk(
    *, candidacies: Iterable[Candidacy], joins_pool: bool, comment: str, by: Any
) -> int:
    count = 0
    for candidacy in candidacies:
        committee_decide(candidacy=candidacy, joins_pool=joins_pool, comment=comment, by=by)
        count += 1
    return count


def _final_decisions(round_: Round) -> list[Decision]:
    """Unpublished decisions that end the selection of a submitted application: an
    ineligible screening, or the committee's decision."""
    return list(
        Decision.objects.filter(
            candidacy__round=round_,
            candidacy__status=CandidacyStatus.SUBMITTED,
            published_at__isnull=True,
            outcome__in=list(STATUS_FOR_OUTCOME),
        )
        .select_related("candidacy__candidate__user", "candidacy__round__promotion", "reason")
        .order_by("candidacy_id")
    )


@dataclass(frozen=True)
class PublicationSummary:
    counts: dict[str, int]  # outcome -> decisions to publish
    undecided: int  # eligible applications without a committee decision

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def publication_summary(round_: Round) -> PublicationSummary:
    counts = Counter(decision.outcome for decision in _final_decisions(round_))
    undecided = (
        Candidacy.objects.filter(
            round=round_,
            status=CandidacyStatus.SUBMITTED,
            decisions__kind=DecisionKind.SCREENING,
            decisions__outcome=DecisionOutcome.ELIGIBLE,
        )
        .exclude(decisions__kind=DecisionKind.COMMITTEE)
        .count()
    )
    return PublicationSummary(
        counts={outcome: counts.get(outcome, 0) for outcome in STATUS_FOR_OUTCOME},
        undecided=undecided,
    )


@transaction.atomic
def round_decisions_publish(*, round_: Round, by: Any) -> int:
    """Publish every unpublished final decision of the round; return how many."""
    require_staff(by)
    Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    now = timezone.now()
    published = 0
    for decision in _final_decisions(round_):
        candidacy = Candidacy.objects.select_for_update(of=("self",)).get(pk=decision.candidacy_id)
        if candidacy.status != CandidacyStatus.SUBMITTED:
            continue
        target = STATUS_FOR_OUTCOME[DecisionOutcome(decision.outcome)]
        candidacy.status = target
        candidacy.decided_at = now
        candidacy.save(update_fields=["status", "decided_at", "updated_at"])
        event_record(
            subject=candidacy,
            by=by,
            action="publish_decision",
            from_status=CandidacyStatus.SUBMITTED,
            to_status=target,
            comment=decision.comment,
        )
        Decision.objects.filter(candidacy=candidacy, published_at__isnull=True).update(
            published_at=now
        )
        _notify(decision, decision.candidacy)
        published += 1
    event_record(
        subject=round_, by=by, action="publish_decisions", changes={"published": published}
    )
    if published:
        webhook_emit(
            WebhookEvent.DECISIONS_PUBLISHED, {"session_id": round_.pk, "decisions": published}
        )
    return published


def _notify(decision: Decision, candidacy: Candidacy) -> None:
    context = {
        "candidacy": candidacy,
        "decision": decision,
        "url": settings.SITE_URL + reverse("candidacies:detail", kwargs={"pk": candidacy.pk}),
    }
    email_queue(
        to=candidacy.candidate.user.email,
        template=EMAIL_FOR_OUTCOME[DecisionOutcome(decision.outcome)],
        context=context,
    )
