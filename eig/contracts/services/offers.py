"""Offers: made by the programme team under the promotion's cap, answered by the candidate.

Rules enforced here (whatever the entry point):

- an offer is made to an application in the pool, for a recruiting défi whose jury
  retained that candidate (a ``Proposal`` with status ``retained``);
- the pay level comes from the grid in force and the candidate's experience; staff may
  choose another level only with a written reason; the figures are copied on the offer;
- the promotion's cap is never passed: no offer is made, and none accepted, once the
  accepted offers of the promotion reach it. Both take the promotion's row lock first,
  so two acceptances of the last place are serialised and the second is refused;
- an accepted offer hires the application, withdraws the candidate's other open offers,
  marks the défi staffed once its wanted profiles are hired, creates the contract and
  tells the new EIG (what happens next), the programme team and the défi's agents.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.api.enums import WebhookEvent
from eig.api.webhooks import webhook_emit
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.candidacies.workflow import CANDIDACY_WORKFLOW
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.challenges.services.challenges import challenge_mark_staffed_if_filled
from eig.contracts import notifications
from eig.contracts.enums import PLACE_HOLDING_STATUSES, OfferStatus
from eig.contracts.models import Offer
from eig.contracts.services.contracts import contract_create_from_offer
from eig.contracts.workflow import OFFER_WORKFLOW, offer_answer_too_late
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply, transition_apply_many
from eig.programmes.models import PayLevel, Promotion
from eig.programmes.selectors import pay_grid_in_force, pay_level_for_experience
from eig.selection.enums import ProposalStatus
from eig.selection.models import Proposal

# The offers a withdrawal or the deadline may still end, read from the table.
WITHDRAWABLE = OFFER_WORKFLOW.sources_of("withdraw")
EXPIRABLE = OFFER_WORKFLOW.sources_of("expire")

# How long a candidate has to answer an offer, by default.
OFFER_EXPIRY_DAYS = 7

CAP_REACHED = (
    "Plus de place dans la promotion : les {cap} places sont déjà pourvues par des offres "
    "acceptées."
)
NO_PLACE_LEFT = (
    "Il n’y a plus de place dans la promotion : les {cap} places ont été pourvues entre-temps. "
    "L’équipe du programme vous recontactera."
)


def _lock_promotion(promotion_id: int) -> Promotion:
    return Promotion.objects.select_for_update(of=("self",)).get(pk=promotion_id)


def accepted_count(promotion: Promotion) -> int:
    """The places taken under the cap: the promotion's accepted offers."""
    return Offer.objects.filter(promotion=promotion, status__in=PLACE_HOLDING_STATUSES).count()


def default_expiry(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(now or timezone.now()) + datetime.timedelta(days=OFFER_EXPIRY_DAYS)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """23:59:59 on ``day`` in the programme's time zone (Europe/Paris)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def derived_pay_level(candidacy: Candidacy) -> PayLevel:
    """The level the grid in force gives the candidate's experience (none typed: the lowest)."""
    programme = candidacy.round.promotion.programme
    grid = pay_grid_in_force(programme)
    if grid is None:
        raise DomainError("Aucune grille de rémunération n’est en vigueur : créez-en une d’abord.")
    try:
        return pay_level_for_experience(grid, candidacy.candidate.experience_years or 0)
    except PayLevel.DoesNotExist as error:
        raise DomainError(str(error)) from error


def retained_proposal(candidacy: Candidacy, challenge: Challenge) -> Proposal | None:
    """The jury retained the candidate, or a published matching placed them there."""
    return Proposal.objects.filter(
        candidacy=candidacy,
        challenge=challenge,
        status__in=(ProposalStatus.RETAINED, ProposalStatus.MATCHED),
    ).first()


def _check_offer_allowed(candidacy: Candidacy, challenge: Challenge) -> None:
    if candidacy.status != CandidacyStatus.POOL:
        raise DomainError(
            "Une offre ne peut être faite qu’à une candidature du vivier "
            f"(statut actuel : « {candidacy.get_status_display()} »)."
        )
    if challenge.status != ChallengeStatus.RECRUITING:
        raise DomainError("Ce défi n’est pas en recrutement.")
    if retained_proposal(candidacy, challenge) is None:
        raise DomainError(
            "Le jury de ce défi n’a pas retenu cette candidature : "
            "une offre suppose une proposition retenue par le jury."
        )
    if Offer.objects.filter(
        candidacy=candidacy, challenge=challenge, status__in=(OfferStatus.MADE, OfferStatus.DRAFT)
    ).exists():
        raise DomainError("Une offre pour ce défi attend déjà la réponse de cette personne.")


def _chosen_level(
    candidacy: Candidacy, pay_level: PayLevel | None, reason: str
) -> tuple[PayLevel, str]:
    derived = derived_pay_level(candidacy)
    chosen = pay_level or derived
    if chosen.grid_id != derived.grid_id:
        raise DomainError("Ce niveau n’appartient pas à la grille de rémunération en vigueur.")
    if chosen.pk != derived.pk and not reason:
        raise DomainError(
            f"Le niveau {chosen.level} diffère du niveau {derived.level} que donne l’expérience : "
            "indiquez la raison de ce choix."
        )
    return chosen, reason if chosen.pk != derived.pk else ""


@transaction.atomic
def offer_make(
    *,
    candidacy: Candidacy,
    challenge: Challenge,
    by: User,
    pay_level: PayLevel | None = None,
    override_reason: str = "",
    start_date: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> Offer:
    """Make an offer; ``pay_level`` None means the level derived from experience."""
    offer = _offer_create(
        candidacy=candidacy,
        challenge=challenge,
        by=by,
        status=OfferStatus.MADE,
        pay_level=pay_level,
        override_reason=override_reason,
        start_date=start_date,
        expires_on=expires_on,
    )
    notifications.offer_made(offer)
    return offer


@transaction.atomic
def offer_draft_create(*, candidacy: Candidacy, challenge: Challenge, by: User) -> Offer:
    """A draft offer at the grid's level, for a pair a published matching placed: under
    the same cap lock as an offer, but nobody is told until staff confirm it."""
    return _offer_create(candidacy=candidacy, challenge=challenge, by=by, status=OfferStatus.DRAFT)


def _offer_create(
    *,
    candidacy: Candidacy,
    challenge: Challenge,
    by: User,
    status: str,
    pay_level: PayLevel | None = None,
    override_reason: str = "",
    start_date: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> Offer:
    require_staff(by)
    promotion = _lock_promotion(candidacy.round.promotion_id)
    locked = Candidacy.objects.select_for_update(of=("self",)).get(pk=candidacy.pk)
    _check_offer_allowed(locked, challenge)
    if accepted_count(promotion) >= promotion.cap:
        raise DomainError(CAP_REACHED.format(cap=promotion.cap))
    level, reason = _chosen_level(candidacy, pay_level, override_reason.strip())
    expires_on = expires_on or default_expiry()
    if expires_on < timezone.localdate():
        raise DomainError("La date limite de réponse est déjà passée.")
    offer = Offer(
        candidacy=locked,
        challenge=challenge,
        promotion=promotion,
        pay_level=level,
        level=level.level,
        monthly_net=level.monthly_net,
        variable_rate=level.variable_rate,
        level_override_reason=reason,
        start_date=start_date or candidacy.round.starts_on,
        expires_at=end_of_day(expires_on),
        status=status,
        made_by=by,
    )
    try:
        offer.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    offer.save()
    event_record(
        subject=offer,
        by=by,
        action=HistoryAction.OFFER_MADE
        if status == OfferStatus.MADE
        else HistoryAction.OFFER_DRAFTED,
        to_status=offer.status,
        comment=reason,
        changes={"niveau": offer.level, "net_mensuel": str(offer.monthly_net)},
    )
    return offer


@transaction.atomic
def offer_confirm(*, offer: Offer, by: User, expires_on: datetime.date | None = None) -> Offer:
    """Staff confirm a draft offer: it is made and told, under the promotion's cap lock."""
    require_staff(by)
    promotion = _lock_promotion(offer.promotion_id)
    locked = _lock_offer(offer)
    if not OFFER_WORKFLOW.allows(locked.status, "confirm"):
        raise DomainError(
            f"Cette offre n’est pas un brouillon : elle est « {locked.get_status_display()} »."
        )
    if locked.candidacy.status != CandidacyStatus.POOL:
        raise DomainError("Cette personne n’est plus dans le vivier : l’offre ne peut être faite.")
    if accepted_count(promotion) >= promotion.cap:
        raise DomainError(CAP_REACHED.format(cap=promotion.cap))
    _offer_move(
        locked,
        name="confirm",
        by=by,
        extra_fields={"expires_at": end_of_day(expires_on or default_expiry()), "made_by": by},
    )
    notifications.offer_made(locked)
    return locked


def _lock_offer(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("candidacy__candidate__user", "challenge", "promotion")
        .get(pk=offer.pk)
    )


def _offer_move(
    locked: Offer,
    *,
    name: str,
    by: User | None,
    comment: str = "",
    extra_fields: dict[str, Any] | None = None,
) -> None:
    """Apply transition ``name`` to ``locked`` and read back what it changed, keeping the
    relations ``_lock_offer`` loaded for the e-mails."""
    transition_apply(
        workflow=OFFER_WORKFLOW,
        instance=locked,
        name=name,
        by=by,
        comment=comment,
        extra_fields=extra_fields,
    )
    locked.refresh_from_db(fields=[OFFER_WORKFLOW.status_field, *(extra_fields or {})])


def _require_answerable(offer: Offer, by: User, now: datetime.datetime, answer: str) -> None:
    """The candidate's own offer, still awaiting an answer before its deadline: checked
    here first so each refusal says why (the workflow checks the same again)."""
    if offer.candidacy.candidate.user_id != getattr(by, "pk", None):
        raise DomainError("Cette offre ne vous est pas adressée.")
    if not OFFER_WORKFLOW.allows(offer.status, answer):
        raise DomainError(
            f"Cette offre n’attend plus de réponse : elle est « {offer.get_status_display()} »."
        )
    if problem := offer_answer_too_late(offer, now):
        raise DomainError(problem)


@transaction.atomic
def offer_accept(*, offer: Offer, by: User) -> Offer:
    """Accept an offer, if a place is left under the promotion's cap.

    The promotion's row is locked before anything is counted: a second acceptance of
    the last place waits for the first to commit, then counts it and is refused.
    """
    promotion = _lock_promotion(offer.promotion_id)
    locked = _lock_offer(offer)
    now = timezone.now()
    _require_answerable(locked, by, now, "accept")
    if accepted_count(promotion) >= promotion.cap:
        raise DomainError(NO_PLACE_LEFT.format(cap=promotion.cap))
    _offer_move(locked, name="accept", by=by, extra_fields={"answered_at": now})
    _candidacy_hire(locked, by=by)
    _other_offers_withdraw(locked)
    challenge_mark_staffed_if_filled(challenge=locked.challenge, by=None)
    webhook_emit(
        WebhookEvent.OFFER_ACCEPTED, {"offre_id": locked.pk, "defi_id": locked.challenge_id}
    )
    contract = contract_create_from_offer(offer=locked, by=by)
    notifications.offer_accepted(locked, contract=contract)
    return locked


def _candidacy_hire(offer: Offer, *, by: User) -> None:
    candidacy = Candidacy.objects.select_for_update(of=("self",)).get(pk=offer.candidacy_id)
    if not CANDIDACY_WORKFLOW.allows(candidacy.status, "hire"):
        raise DomainError(
            "Cette offre ne peut plus être acceptée : votre candidature est "
            f"« {candidacy.get_status_display()} »."
        )
    transition_apply(
        workflow=CANDIDACY_WORKFLOW,
        instance=candidacy,
        name="hire",
        by=by,
        comment=f"Offre acceptée pour le défi « {offer.challenge.title} ».",
    )


def _other_offers_withdraw(accepted: Offer) -> None:
    others = Offer.objects.filter(
        candidacy__candidate=accepted.candidacy.candidate, status__in=WITHDRAWABLE
    ).exclude(pk=accepted.pk)
    for other in _open_offers_withdraw(
        others, comment="Retirée automatiquement : une autre offre a été acceptée."
    ):
        notifications.offer_withdrawn(other)


def offers_withdraw_for_candidacy(*, candidacy: Candidacy, by: User) -> int:
    """The candidate withdrew their application: its open offers are withdrawn too."""
    withdrawn = _open_offers_withdraw(
        Offer.objects.filter(candidacy=candidacy, status__in=WITHDRAWABLE),
        comment="Retirée : la personne a retiré sa candidature.",
        by=by,
    )
    return len(withdrawn)


def _open_offers_withdraw(
    offers: QuerySet[Offer], *, comment: str, by: User | None = None
) -> list[Offer]:
    """Withdraw ``offers`` (one history line each); returns them, loaded for their e-mails."""
    locked = list(
        offers.select_for_update(of=("self",)).select_related(
            "candidacy__candidate__user", "challenge"
        )
    )
    transition_apply_many(
        workflow=OFFER_WORKFLOW,
        queryset=Offer.objects.filter(pk__in=[offer.pk for offer in locked]),
        name="withdraw",
        by=by,
        comment=comment,
    )
    return locked


@transaction.atomic
def offer_decline(*, offer: Offer, by: User, reason: str = "") -> Offer:
    locked = _lock_offer(offer)
    now = timezone.now()
    _require_answerable(locked, by, now, "decline")
    _offer_move(
        locked, name="decline", by=by, comment=reason.strip(), extra_fields={"answered_at": now}
    )
    notifications.offer_declined(locked)
    return locked


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Mark expired the open offers past their deadline. Running it again changes nothing."""
    moment = now or timezone.now()
    due = Offer.objects.filter(status__in=EXPIRABLE, expires_at__lt=moment)
    return sum(offer_expire(offer_id=pk, now=moment) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def offer_expire(*, offer_id: int, now: datetime.datetime) -> bool:
    """Expire one offer if it is still open and late (checked under its lock)."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .filter(pk=offer_id, status__in=EXPIRABLE, expires_at__lt=now)
        .first()
    )
    if offer is None:
        return False
    transition_apply(workflow=OFFER_WORKFLOW, instance=offer, name="expire", by=None)
    return True
