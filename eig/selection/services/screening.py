"""Screening: staff say whether each submitted application is eligible, and keep the list
of reasons for not being eligible. Nothing is told to the candidate before publication."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.core.errors import DomainError
from eig.core.french import elide
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.templatetags.eig_french import french_date
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision, IneligibilityReason

PUBLISHED_MESSAGE = (
    "Cette décision est déjà publiée : elle a été annoncée à la personne et ne peut plus "
    "être modifiée."
)


class DecisionChanged(DomainError):
    """Someone else recorded a decision since the person loaded the page: they are shown
    it, and must send the form again to replace it."""

    def __init__(self, message: str, *, candidacy_ids: Iterable[int]) -> None:
        super().__init__(message)
        self.candidacy_ids = frozenset(candidacy_ids)


class Versioned(Protocol):
    """A decision, as a model instance or as the board's plain row reads it."""

    @property
    def decided_at(self) -> datetime.datetime: ...


def decision_version(decision: Versioned | None) -> str:
    """What a form sends back to say which decision it was filled against ("" for none).
    Every recording stamps ``decided_at``, so the stamp changes with each decision."""
    return decision.decided_at.isoformat() if decision is not None else ""


KIND_SUBJECT = {
    DecisionKind.SCREENING: "La recevabilité",
    DecisionKind.COMMITTEE: "La décision du comité",
}


def person_name(candidacy: Candidacy) -> str:
    return str(candidacy.candidate.user)


def decision_changed_sentence(candidacy: Candidacy, kind: str, decision: Decision | None) -> str:
    """« La décision du comité d’Alice Durand a changé entre-temps : Sam Équipe l’a
    enregistrée « Rejoint le vivier » le 2 décembre 2026 à 10:05 (Très bon profil). »"""
    subject = f"{KIND_SUBJECT[DecisionKind(kind)]} {elide('de', person_name(candidacy))}"
    if decision is None:
        return f"{subject} a été retirée entre-temps."
    who = str(decision.decided_by) if decision.decided_by else "la plateforme"
    when = french_date(timezone.localtime(decision.decided_at), "j F Y à H:i")
    said = f" ({decision.comment})" if decision.comment else ""
    return (
        f"{subject} a changé entre-temps : {who} l’a enregistrée "
        f"« {decision.get_outcome_display()} » le {when}{said}."
    )


CHANGED_ADVICE = "Vérifiez-la ; pour la remplacer, enregistrez de nouveau votre décision."


def decision_record(
    *,
    candidacy: Candidacy,
    kind: str,
    outcome: str,
    by: User,
    reason: IneligibilityReason | None = None,
    comment: str = "",
    expected_version: str | None = None,
) -> Decision:
    """Create or change the decision of ``kind`` on ``candidacy`` while it is unpublished.
    Call inside a transaction, with the candidacy locked. With ``expected_version`` (see
    ``decision_version``), refuse when the decision changed since the form was shown."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .filter(candidacy=candidacy, kind=kind)
        .select_related("decided_by")
        .first()
    )
    if decision is not None and decision.published_at is not None:
        raise DomainError(PUBLISHED_MESSAGE)
    if expected_version is not None and decision_version(decision) != expected_version:
        raise DecisionChanged(
            f"{decision_changed_sentence(candidacy, kind, decision)} {CHANGED_ADVICE}",
            candidacy_ids=[candidacy.pk],
        )
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
        action=(
            HistoryAction.SCREENING_DECIDED
            if kind == DecisionKind.SCREENING
            else HistoryAction.COMMITTEE_DECIDED
        ),
        comment=f"{decision.get_outcome_display()}"
        + (f" — {reason}" if reason else "")
        + (f" — {decision.comment}" if decision.comment else ""),
        changes={"outcome": [previous, outcome]},
    )
    return decision


def lock_submitted(candidacy: Candidacy) -> Candidacy:
    locked = Candidacy.objects.select_for_update(of=("self",)).get(pk=candidacy.pk)
    if locked.status == CandidacyStatus.WITHDRAWN:
        raise DomainError("La personne a retiré sa candidature : elle n’est plus examinée.")
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
    by: User,
    reason: IneligibilityReason | None = None,
    comment: str = "",
    expected_version: str | None = None,
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
        expected_version=expected_version,
    )


def bulk_lock(
    *, candidacies: Iterable[Candidacy], kind: str, expected_versions: Mapping[int, str] | None
) -> list[Candidacy]:
    """Lock the applications of a bulk decision (in id order, so that two bulk decisions
    never wait on each other), each named in the error if it cannot be decided; then, with
    ``expected_versions`` (candidacy id -> ``decision_version``), refuse the whole decision
    when any of their decisions of ``kind`` changed since the board was shown, naming each."""
    ordered = sorted(candidacies, key=lambda candidacy: candidacy.pk)
    locked = []
    for candidacy in ordered:
        try:
            locked.append(lock_submitted(candidacy))
        except DomainError as error:
            raise DomainError(f"{person_name(candidacy)} : {error.message}") from error
    if expected_versions is None:
        return locked
    current = {
        decision.candidacy_id: decision
        for decision in Decision.objects.filter(candidacy__in=locked, kind=kind).select_related(
            "decided_by"
        )
    }
    changed = [
        candidacy
        for candidacy in ordered
        if decision_version(current.get(candidacy.pk)) != expected_versions.get(candidacy.pk, "")
    ]
    if changed:
        sentences = " ".join(
            decision_changed_sentence(candidacy, kind, current.get(candidacy.pk))
            for candidacy in changed
        )
        raise DecisionChanged(
            f"{sentences} Vérifiez sur le tableau ; pour les remplacer, enregistrez de nouveau "
            "la décision groupée.",
            candidacy_ids=[candidacy.pk for candidacy in changed],
        )
    return locked


@transaction.atomic
def screening_decide_bulk(
    *,
    candidacies: Iterable[Candidacy],
    eligible: bool,
    by: User,
    reason: IneligibilityReason | None = None,
    comment: str = "",
    expected_versions: Mapping[int, str] | None = None,
) -> int:
    """The same screening decision on several applications: all or none."""
    require_staff(by)
    locked = bulk_lock(
        candidacies=candidacies, kind=DecisionKind.SCREENING, expected_versions=expected_versions
    )
    for candidacy in locked:
        try:
            screening_decide(
                candidacy=candidacy, eligible=eligible, by=by, reason=reason, comment=comment
            )
        except DomainError as error:
            raise DomainError(f"{person_name(candidacy)} : {error.message}") from error
    return len(locked)


@transaction.atomic
def ineligibility_reason_save(
    *, by: User, data: dict[str, Any], reason: IneligibilityReason | None = None
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
        subject=instance,
        by=by,
        action=HistoryAction.CREATED if created else HistoryAction.UPDATED,
        changes=dict(data),
    )
    return instance
