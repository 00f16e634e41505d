"""The committee's decisions and the publication of a round's decisions.

Decisions stay internal until staff publish the round: publication sets each
application's status, records its history, and only then queues the e-mails. A
published decision is never published again, so publishing twice sends nothing twice.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.api.enums import WebhookEvent
from eig.api.webhooks import webhook_emit
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.candidacies.workflow import CANDIDACY_WORKFLOW
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.templatetags.eig_french import french_date
from eig.core.workflow import transition_apply
from eig.notifications.services import email_queue
from eig.programmes.models import Round
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision
from eig.selection.selectors.review import ReviewGap, review_gaps
from eig.selection.services.screening import (
    bulk_lock,
    decision_record,
    lock_submitted,
    person_name,
)

# The application's transition (eig/candidacies/workflow.py) that publishes each outcome.
TRANSITION_FOR_OUTCOME = {
    DecisionOutcome.INELIGIBLE: "publish_ineligible",
    DecisionOutcome.NOT_RETAINED: "publish_not_retained",
    DecisionOutcome.POOL: "publish_pool",
}
EMAIL_FOR_OUTCOME = {
    DecisionOutcome.INELIGIBLE: "selection_ineligible",
    DecisionOutcome.NOT_RETAINED: "selection_not_retained",
    DecisionOutcome.POOL: "selection_pool",
}


class ReviewsMissing(DomainError):
    """Some files lack reviews: the person must confirm, naming exactly those files."""

    def __init__(self, message: str, *, gaps: list[ReviewGap]) -> None:
        super().__init__(message)
        self.gaps = gaps


def _unconfirmed_gaps(
    candidacies: Iterable[Candidacy], confirmed: Collection[int]
) -> list[ReviewGap]:
    return [gap for gap in review_gaps(candidacies) if gap.candidacy.pk not in confirmed]


def require_after_deadline(round_: Round) -> None:
    """Until the deadline (included) candidates may still submit or change their file."""
    if timezone.localdate() <= round_.application_deadline:
        raise DomainError(
            "Le comité ne statue qu’après la date limite des candidatures, le "
            f"{french_date(round_.application_deadline)} : jusque-là, les candidat·es peuvent "
            "encore déposer ou modifier leur dossier."
        )


@transaction.atomic
def committee_decide(
    *,
    candidacy: Candidacy,
    joins_pool: bool,
    comment: str,
    by: User,
    expected_version: str | None = None,
) -> Decision:
    """Record (or change, until publication) the committee's decision. With
    ``expected_version``, refuse when the decision changed since the form was shown."""
    require_staff(by)
    locked = lock_submitted(candidacy)
    require_after_deadline(Round.objects.get(pk=locked.round_id))
    eligible = locked.decisions.filter(
        kind=DecisionKind.SCREENING, outcome=DecisionOutcome.ELIGIBLE
    ).exists()
    if not eligible:
        raise DomainError("Le comité ne statue que sur les candidatures recevables.")
    if not comment.strip():
        raise DomainError("Donnez la raison de la décision du comité.")
    outcome = DecisionOutcome.POOL if joins_pool else DecisionOutcome.NOT_RETAINED
    return decision_record(
        candidacy=locked,
        kind=DecisionKind.COMMITTEE,
        outcome=outcome,
        by=by,
        comment=comment,
        expected_version=expected_version,
    )


@transaction.atomic
def committee_decide_bulk(
    *,
    candidacies: Iterable[Candidacy],
    joins_pool: bool,
    comment: str,
    by: User,
    expected_versions: Mapping[int, str] | None = None,
    missing_reviews_confirmed: Collection[int] = (),
) -> int:
    """The same committee decision on several applications: all or none. Files that lack
    reviews are decided only when their ids are in ``missing_reviews_confirmed``."""
    require_staff(by)
    locked = bulk_lock(
        candidacies=candidacies, kind=DecisionKind.COMMITTEE, expected_versions=expected_versions
    )
    for round_ in Round.objects.filter(pk__in={candidacy.round_id for candidacy in locked}):
        require_after_deadline(round_)
    gaps = _unconfirmed_gaps(locked, missing_reviews_confirmed)
    if gaps:
        raise ReviewsMissing(
            "Ces dossiers n’ont pas toutes leurs évaluations : "
            + ", ".join(str(gap) for gap in gaps)
            + ". Confirmez la décision du comité sans elles, ou attendez les évaluations.",
            gaps=gaps,
        )
    for candidacy in locked:
        try:
            committee_decide(candidacy=candidacy, joins_pool=joins_pool, comment=comment, by=by)
        except DomainError as error:
            raise DomainError(f"{person_name(candidacy)} : {error.message}") from error
    return len(locked)


def _final_decisions(round_: Round) -> list[Decision]:
    """Unpublished decisions that end the selection of a submitted application: an
    ineligible screening, or the committee's decision."""
    return list(
        Decision.objects.filter(
            candidacy__round=round_,
            candidacy__status=CandidacyStatus.SUBMITTED,
            published_at__isnull=True,
            outcome__in=list(TRANSITION_FOR_OUTCOME),
        )
        .select_related("candidacy__candidate__user", "candidacy__round__promotion", "reason")
        .order_by("candidacy_id")
    )


def _committee_gaps(decisions: list[Decision]) -> list[ReviewGap]:
    """The files whose committee decision is about to be published without all reviews."""
    return review_gaps(
        decision.candidacy for decision in decisions if decision.kind == DecisionKind.COMMITTEE
    )


@dataclass(frozen=True)
class PublicationSummary:
    counts: dict[str, int]  # outcome -> decisions to publish
    undecided: int  # eligible applications without a committee decision
    gaps: list[ReviewGap]  # committee decisions to publish on files that lack reviews

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def publication_summary(round_: Round) -> PublicationSummary:
    decisions = _final_decisions(round_)
    counts = Counter(decision.outcome for decision in decisions)
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
        counts={outcome: counts.get(outcome, 0) for outcome in TRANSITION_FOR_OUTCOME},
        undecided=undecided,
        gaps=_committee_gaps(decisions),
    )


@transaction.atomic
def round_decisions_publish(
    *, round_: Round, by: User, missing_reviews_confirmed: Collection[int] = ()
) -> int:
    """Publish every unpublished final decision of the round; return how many. A committee
    decision on a file that lacks reviews is published only when the file's id is in
    ``missing_reviews_confirmed`` (the person saw it named); the history keeps it."""
    require_staff(by)
    Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    decisions = _final_decisions(round_)
    gaps = _committee_gaps(decisions)
    unconfirmed = [gap for gap in gaps if gap.candidacy.pk not in missing_reviews_confirmed]
    if unconfirmed:
        raise ReviewsMissing(
            "Rien n’est publié : ces dossiers n’ont pas toutes leurs évaluations : "
            + ", ".join(str(gap) for gap in unconfirmed)
            + ". Confirmez leur publication sans elles, ou attendez les évaluations.",
            gaps=unconfirmed,
        )
    gap_of = {gap.candidacy.pk: gap for gap in gaps}
    now = timezone.now()
    published = 0
    for decision in decisions:
        name = TRANSITION_FOR_OUTCOME[DecisionOutcome(decision.outcome)]
        candidacy = Candidacy.objects.select_for_update(of=("self",)).get(pk=decision.candidacy_id)
        if not CANDIDACY_WORKFLOW.allows(candidacy.status, name):
            continue
        gap = gap_of.get(candidacy.pk)
        candidacy = transition_apply(
            workflow=CANDIDACY_WORKFLOW,
            instance=candidacy,
            name=name,
            by=by,
            comment=decision.comment,
            extra_fields={"decided_at": now},
            changes={"missing_reviews_confirmed": f"{gap.done} / {gap.assigned}"} if gap else None,
        )
        Decision.objects.filter(candidacy=candidacy, published_at__isnull=True).update(
            published_at=now
        )
        _notify(decision, decision.candidacy)
        published += 1
    changes: dict[str, Any] = {"published": published}
    if gaps:
        changes["missing_reviews_confirmed"] = [gap.candidacy.pk for gap in gaps]
    event_record(
        subject=round_,
        by=by,
        action=HistoryAction.DECISIONS_PUBLISHED,
        comment=(
            "Publiées sans toutes leurs évaluations, après confirmation : "
            + ", ".join(str(gap) for gap in gaps)
            + "."
        )
        if gaps
        else "",
        changes=changes,
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
