"""Screening: staff say whether each submitted application is eligible, and keep the list
of reasons for not being eligible. Nothing is told to the candidate before publication."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from eig.accounts.enums import Role
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision, IneligibilityReason

PUBLISHED_MESSAGE = (
    "Cette décision est déjà publiée : elle a été annoncée à la personne et ne peut plus "
    "être modifiée."
)


def require_staff(by: Any) -> None:
    if getattr(by, "role", None) != Role.STAFF:
        raise DomainError("Seule l’équipe du programme peut faire cela.")


def decision_record(
    *,
    candidacy: Candidacy,
    kind: str,
    outcome: str,
    by: Any,
    reason: IneligibilityReason | None = None,
    comment: str = "",
) -> Decision:
    """Create or change the decision of ``kind`` on ``candidacy`` while it is unpublished.
    Call inside a transaction, with the candidacy locked."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .filter(candidacy=candidacy, kind=kind)
        .first()
    )
    if decision is not None and decision.published_at is not None:
        raise DomainError(PUBLISHED_MESSAGE)
    previous = decision.outcome if decision else ""
    if decision is None:
        decision = Decision(candidacy=candidacy, kind=kind)
    decision.outcome = outcome
    decision.reason = reason
    decision.comment = comment.strip()
    decision.decided_by = by
    decision.decided_at = timezone.now()
    decision.full_clean()
    decision.save()
    event_record(
        subject=candidacy,
        by=by,
        action=f"decision_{kind}",
        comment=f"{decision.get_outcome_display()}"
        + (f" — {reason}" if reason else "")
        + (f" — {decision.comment}" if decision.comment else ""),
        changes={"outcome": [previous, outcome]},
    )
    return decision


def lock_submitted(candidacy: Candidacy) -> Candidacy:
    locked = Candidacy.objects.select_for_update(of=("self",)).get(pk=candidacy.pk)
    if locked.status != CandidacyStatus.SUBMITTED:
        raise DomainError(
            f"La candidature n’est pas en attente de décision (statut : "
            f"{locked.get_status_display()})."
        )
    if locked.anonymised_at is not None:
        raise DomainError("La personne a supprimé son compte : sa candidature n’est plus examinée.")
    return locked


@transaction.atomic
def screening_decide(
    *,
    candidacy: Candidacy,
    eligible: bool,
    by: Any,
    reason: IneligibilityReason | None = None,
    comment: str = "",
) -> Decision:
    require_staff(by)
    locked = lock_submitted(candidacy)
    if eligible:
        reason = None
    elif reason is None:
        raise DomainError("Choisissez le motif de non-recevabilité.")
    elif not reason.is_active:
        raise DomainError("Ce motif n’est plus proposé : choisissez-en un autre.")
    if not eligible and locked.decisions.filter(kind=DecisionKind.COMMITTEE).exists():
        raise DomainError(
            "Le comité a déjà statué sur cette candidature : retirez d’abord sa décision."
        )
    outcome = DecisionOutcome.ELIGIBLE if eligible else DecisionOutcome.INELIGIBLE
    return decision_record(
        candidacy=locked,
        kind=DecisionKind.SCREENING,
        outcome=outcome,
        by=by,
        reason=reason,
        comment=comment,
    )


@transaction.atomic
def screening_decide_bulk(
    *,
    candidacies: Iterable[Candidacy],
    eligible: bool,
    by: Any,
    reason: IneligibilityReason | None = None,
    comment: str = "",
) -> int:
    """The same screening decision on several applications: all or none."""
    count = 0
    for candidacy in candidacies:
        screening_decide(
            candidacy=candidacy, eligible=eligible, by=by, reason=reason, comment=comment
        )
        count += 1
    return count


@transaction.atomic
def ineligibility_reason_save(
    *, by: Any, data: dict[str, Any], reason: IneligibilityReason | None = None
) -> IneligibilityReason:
    require_staff(by)
    created = reason is None
    instance = reason or IneligibilityReason()
    if not created:
        instance = IneligibilityReason.objects.select_for_update(of=("self",)).get(pk=instance.pk)
    for name in ("label", "position", "is_active"):
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean()
    instance.save()
    event_record(
        subject=instance, by=by, action="create" if created else "update", changes=dict(data)
    )
    return instance
