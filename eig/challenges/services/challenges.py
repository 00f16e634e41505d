"""Use cases of the call for défis. Each runs in one transaction, locks what it changes,
records the history and queues its e-mails (sent only after commit)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.permissions import is_agent, is_coach, require_staff
from eig.challenges import notifications
from eig.challenges.completeness import missing_by_section
from eig.challenges.enums import EDITABLE_STATUSES, ChallengeStatus, Outcome
from eig.challenges.models import (
    Attachment,
    Challenge,
    Indicator,
    Note,
    Opinion,
    PriorityPolicy,
)
from eig.challenges.workflow import (
    CHALLENGE_WORKFLOW,
    MESSAGE_REQUIRED,
    STAFF_TRANSITIONS,
)
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.core import files
from eig.core.errors import DomainError
from eig.core.history import event_list_for, event_record, fields_update
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply
from eig.organisations.models import Organisation
from eig.programmes.enums import Track
from eig.programmes.models import Round
from eig.programmes.selectors import round_open_for_challenges

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "problem",
        "affected_users",
        "priority_policy",
        "priority_policy_other",
        "sponsor_name",
        "sponsor_role",
        "sponsor_commitment",
        "first_users",
        "plan_3_months",
        "plan_6_months",
        "team",
        "budget",
        "autonomy",
        "approach",
        "beta_product_url",
        "beta_phase",
        "incubator",
        "wants_product",
        "wants_tech",
    }
)


class SubmissionIncomplete(DomainError):
    def __init__(self, missing: dict[str, list[str]]) -> None:
        super().__init__("Le défi ne peut pas encore être déposé : des informations manquent.")
        self.missing = missing


def member_require(challenge_or_org: Challenge | Organisation, by: User) -> None:
    organisation = (
        challenge_or_org.organisation
        if isinstance(challenge_or_org, Challenge)
        else challenge_or_org
    )
    if not is_agent(by) or not organisation.memberships.filter(user=by).exists():
        raise DomainError("Seuls les agents de l’administration porteuse peuvent faire cela.")


def challenge_lock(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update(of=("self",)).get(pk=challenge.pk)


def _require_editable(challenge: Challenge) -> None:
    if challenge.status not in EDITABLE_STATUSES:
        raise DomainError(
            f"Ce défi n’est plus modifiable : il est « {challenge.get_status_display()} »."
        )


@transaction.atomic
def challenge_create(*, organisation: Organisation, by: User, title: str) -> Challenge:
    member_require(organisation, by)
    challenge = Challenge(organisation=organisation, title=title.strip(), created_by=by)
    challenge.full_clean()
    challenge.save()
    event_record(
        subject=challenge, by=by, action=HistoryAction.CHALLENGE_CREATED, to_status=challenge.status
    )
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, by: User, data: dict[str, Any]) -> Challenge:
    """Save a draft (or a défi sent back for changes). Required fields are checked at submission."""
    member_require(challenge, by)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    locked = challenge_lock(challenge)
    _require_editable(locked)
    updated, _ = fields_update(
        instance=locked,
        data=data,
        by=by,
        action=HistoryAction.CHALLENGE_UPDATED,
        lock=False,
        clean_exclude=["organisation", "round", "promotion", "created_by"],
    )
    return updated


@transaction.atomic
def indicator_save(
    *, challenge: Challenge, by: User, data: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    member_require(challenge, by)
    locked = challenge_lock(challenge)
    _require_editable(locked)
    target = indicator or Indicator(challenge=locked, position=locked.indicators.count())
    if target.challenge_id != locked.pk:
        raise DomainError("Cet indicateur n’appartient pas à ce défi.")
    for name, value in data.items():
        setattr(target, name, value)
    target.full_clean()
    target.save()
    event_record(
        subject=locked,
        by=by,
        action=HistoryAction.INDICATOR_UPDATED if indicator else HistoryAction.INDICATOR_ADDED,
        changes={"indicateur": target.name},
    )
    return target


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    challenge = indicator.challenge
    member_require(challenge, by)
    locked = challenge_lock(challenge)
    _require_editable(locked)
    name = indicator.name
    indicator.delete()
    event_record(
        subject=locked, by=by, action=HistoryAction.INDICATOR_DELETED, changes={"indicateur": name}
    )


def pdf_check(uploaded: "UploadedFile[bytes]", *, max_bytes: int = ATTACHMENT_MAX_BYTES) -> None:
    """Attachments are PDFs of at most ATTACHMENT_MAX_BYTES, checked from their bytes."""
    files.pdf_check(uploaded, max_bytes=max_bytes)


@transaction.atomic
def attachment_add(
    *, challenge: Challenge, by: User, uploaded: "UploadedFile[bytes]"
) -> Attachment:
    member_require(challenge, by)
    locked = challenge_lock(challenge)
    _require_editable(locked)
    pdf_check(uploaded)
    name = (uploaded.name or "document.pdf")[:255]
    attachment = Attachment(challenge=locked, name=name, size=uploaded.size or 0, uploaded_by=by)
    attachment.file.save(name, uploaded, save=False)
    attachment.save()
    event_record(
        subject=locked, by=by, action=HistoryAction.ATTACHMENT_ADDED, changes={"fichier": name}
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    challenge = attachment.challenge
    member_require(challenge, by)
    locked = challenge_lock(challenge)
    _require_editable(locked)
    name = attachment.name
    file_name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    if file_name:
        transaction.on_commit(lambda: storage.delete(file_name))
    event_record(
        subject=locked, by=by, action=HistoryAction.ATTACHMENT_DELETED, changes={"fichier": name}
    )


def submission_round(today: datetime.date | None = None) -> tuple[Round | None, bool]:
    """The round a défi submitted today goes to, and whether it is a later round
    (the current one's deadline has passed)."""
    day = today or timezone.localdate()
    current = round_open_for_challenges(day)
    if current is not None:
        return current, False
    upcoming = (
        Round.objects.filter(opens_on__gt=day)
        .select_related("promotion")
        .order_by("opens_on")
        .first()
    )
    return upcoming, True


@transaction.atomic
def challenge_submit(
    *, challenge: Challenge, by: User, confirmed_round: Round | None = None
) -> Challenge:
    """Submit a draft (or resubmit after a change request) to the round open for défis.

    ``confirmed_round`` is the round the agent was shown before confirming; if it no
    longer is the round the défi would go to (a deadline passed meanwhile), the agent
    is asked to confirm again.
    """
    member_require(challenge, by)
    locked = challenge_lock(challenge)
    missing = missing_by_section(locked)
    if missing:
        raise SubmissionIncomplete(missing)
    name = "resubmit" if locked.status == ChallengeStatus.CHANGES_REQUESTED else "submit"
    extra: dict[str, Any] = {"submitted_at": timezone.now()}
    if name == "submit":
        target_round, _ = submission_round()
        if target_round is None:
            raise DomainError(
                "Aucune session n’est ouverte ni programmée pour les défis : "
                "l’équipe du programme doit d’abord publier le calendrier."
            )
        if confirmed_round is not None and confirmed_round.pk != target_round.pk:
            raise DomainError(
                "La date limite est passée entre-temps : le défi irait dans la "
                f"« {target_round} ». Vérifiez et confirmez à nouveau."
            )
        extra.update(round=target_round, promotion=target_round.promotion)
    updated = transition_apply(
        workflow=CHALLENGE_WORKFLOW, instance=locked, name=name, by=by, extra_fields=extra
    )
    notifications.challenge_submitted(updated)
    return updated


@transaction.atomic
def challenge_withdraw(*, challenge: Challenge, by: User, reason: str = "") -> Challenge:
    member_require(challenge, by)
    updated = transition_apply(
        workflow=CHALLENGE_WORKFLOW, instance=challenge, name="withdraw", by=by, comment=reason
    )
    notifications.challenge_withdrawn(updated, reason=reason.strip())
    return updated


DRAFT_REMINDER_DAYS_BEFORE = 7


def rounds_to_remind(today: datetime.date) -> list[Round]:
    """The rounds whose défi deadline is less than a week away (and not passed)."""
    window_end = today + datetime.timedelta(days=DRAFT_REMINDER_DAYS_BEFORE)
    return list(
        Round.objects.filter(challenge_deadline__gt=today, challenge_deadline__lte=window_end)
        .select_related("promotion")
        .order_by("challenge_deadline")
    )


def challenge_drafts_remind(*, today: datetime.date) -> int:
    """A week before a round's défi deadline, remind the agents of each draft, once per
    draft and round (the reminder is recorded in the draft's history). Returns how many
    drafts were reminded."""
    reminded = 0
    for round_ in rounds_to_remind(today):
        draft_ids = Challenge.objects.filter(status=ChallengeStatus.DRAFT).values_list(
            "pk", flat=True
        )
        for challenge_id in draft_ids:
            reminded += challenge_draft_remind(challenge_id=challenge_id, round_=round_)
    return reminded


@transaction.atomic
def challenge_draft_remind(*, challenge_id: int, round_: Round) -> bool:
    """Remind the agents of one draft of ``round_``'s deadline, unless already done."""
    locked = (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=challenge_id, status=ChallengeStatus.DRAFT)
        .first()
    )
    if locked is None:
        return False
    already = event_list_for(locked).filter(
        action=HistoryAction.DRAFT_REMINDER_SENT, changes__round=round_.pk
    )
    if already.exists():
        return False
    event_record(
        subject=locked,
        by=None,
        action=HistoryAction.DRAFT_REMINDER_SENT,
        changes={"round": round_.pk},
    )
    notifications.challenge_draft_reminder(
        locked, round_=round_, missing=missing_by_section(locked)
    )
    return True


@transaction.atomic
def challenge_transition(
    *, challenge: Challenge, by: User, name: str, message: str = "", outcome: str = ""
) -> Challenge:
    """A decision of the programme team: investigate, request changes, select, decline,
    then the life of a selected défi (recruitment, staffed, running, completed)."""
    require_staff(by)
    if name not in STAFF_TRANSITIONS:
        raise DomainError("Cette action n’est pas réservée à l’équipe du programme.")
    message = message.strip()
    if name in MESSAGE_REQUIRED and not message:
        raise DomainError(
            "Un message est obligatoire pour cette décision : il sera envoyé à l’administration."
        )
    extra: dict[str, Any] | None = None
    if name in {"select", "decline"}:
        extra = {"decided_at": timezone.now()}
    if name == "complete":
        extra = _outcome_fields(outcome, message)
    updated = transition_apply(
        workflow=CHALLENGE_WORKFLOW,
        instance=challenge,
        name=name,
        by=by,
        comment=message,
        extra_fields=extra,
    )
    notifications.challenge_status_changed(updated, name=name, message=message)
    return updated


def challenges_transition_bulk(
    *, challenges: Iterable[Challenge], by: User, name: str, message: str = ""
) -> tuple[list[Challenge], dict[Challenge, str]]:
    """Apply one decision to several défis; each succeeds or fails on its own."""
    done: list[Challenge] = []
    refused: dict[Challenge, str] = {}
    for challenge in challenges:
        try:
            done.append(
                challenge_transition(challenge=challenge, by=by, name=name, message=message)
            )
        except DomainError as error:
            refused[challenge] = error.message
    return done, refused


def _outcome_fields(outcome: str, message: str) -> dict[str, Any]:
    """A défi completes with its outcome: carried on, taken over, or stopped."""
    if outcome not in Outcome.values:
        raise DomainError(
            "Indiquez ce que devient le défi : poursuivi dans l’administration, "
            "repris par une autre structure, ou arrêté."
        )
    return {"outcome": outcome, "outcome_text": message}


@transaction.atomic
def note_add(*, challenge: Challenge, by: User, text: str) -> Note:
    require_staff(by)
    if not text.strip():
        raise DomainError("L’annotation est vide.")
    note = Note.objects.create(challenge=challenge, author=by, text=text.strip())
    event_record(subject=challenge, by=by, action=HistoryAction.NOTE_ADDED)
    return note


@transaction.atomic
def opinion_request(*, challenge: Challenge, coach: User, by: User, message: str = "") -> Opinion:
    require_staff(by)
    if not is_coach(coach):
        raise DomainError("Un avis ne peut être demandé qu’à un·e coach beta.gouv.fr.")
    if Opinion.objects.filter(challenge=challenge, coach=coach).exists():
        raise DomainError(f"Un avis a déjà été demandé à {coach} sur ce défi.")
    opinion = Opinion.objects.create(
        challenge=challenge, coach=coach, requested_by=by, request_message=message.strip()
    )
    event_record(
        subject=challenge,
        by=by,
        action=HistoryAction.OPINION_REQUESTED,
        changes={"coach": str(coach)},
    )
    notifications.opinion_requested(opinion)
    return opinion


@transaction.atomic
def opinion_give(*, opinion: Opinion, by: User, verdict: str, text: str) -> Opinion:
    locked = Opinion.objects.select_for_update(of=("self",)).get(pk=opinion.pk)
    if locked.coach_id != by.pk:
        raise DomainError("Cet avis a été demandé à quelqu’un d’autre.")
    if locked.given_at is not None:
        raise DomainError("Vous avez déjà rendu cet avis.")
    if not text.strip():
        raise DomainError("Expliquez votre avis en quelques lignes.")
    locked.verdict = verdict
    locked.text = text.strip()
    locked.given_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["verdict", "text", "given_at"])
    event_record(
        subject=locked.challenge,
        by=by,
        action=HistoryAction.OPINION_GIVEN,
        changes={"avis": locked.get_verdict_display()},
    )
    notifications.opinion_given(locked)
    return locked


POLICY_FIELDS = frozenset({"name", "is_active", "position"})


@transaction.atomic
def policy_save(
    *, policy: PriorityPolicy | None = None, data: dict[str, Any], by: User
) -> PriorityPolicy:
    """Create or edit a priority policy of the list the administrations choose from."""
    require_staff(by)
    unknown = set(data) - POLICY_FIELDS
    if unknown:
        raise DomainError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    target = (
        PriorityPolicy.objects.select_for_update(of=("self",)).get(pk=policy.pk)
        if policy is not None
        else PriorityPolicy()
    )
    if "name" in data:
        data = {**data, "name": str(data["name"]).strip()}
        homonyms = PriorityPolicy.objects.filter(name__iexact=data["name"]).exclude(pk=target.pk)
        if homonyms.exists():
            raise DomainError(f"La politique « {data['name']} » existe déjà.")
    try:
        if policy is not None:
            updated, _ = fields_update(
                instance=target, data=data, by=by, action=HistoryAction.POLICY_UPDATED, lock=False
            )
            return updated
        for name, value in data.items():
            setattr(target, name, value)
        target.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    target.save()
    event_record(
        subject=target, by=by, action=HistoryAction.POLICY_CREATED, changes={"nom": target.name}
    )
    return target


@transaction.atomic
def policy_delete(*, policy: PriorityPolicy, by: User) -> bool:
    """Delete a policy no défi cites; a policy in use is only deactivated, so the défis
    keep it. Returns True when it was deleted."""
    require_staff(by)
    locked = PriorityPolicy.objects.select_for_update(of=("self",)).get(pk=policy.pk)
    if locked.challenges.exists():
        if locked.is_active:
            locked.is_active = False
            locked.save(update_fields=["is_active"])
            event_record(
                subject=locked,
                by=by,
                action=HistoryAction.POLICY_UPDATED,
                changes={"is_active": [True, False]},
            )
        return False
    event_record(
        subject=locked, by=by, action=HistoryAction.POLICY_DELETED, changes={"nom": locked.name}
    )
    locked.delete()
    return True


# Recruitment: the défi is staffed once every profile it wants is hired.
STAFFED_AUTOMATICALLY = "Équipe constituée : les profils recherchés ont accepté leur offre."


@transaction.atomic
def challenge_mark_staffed_if_filled(*, challenge: Challenge, by: User | None = None) -> Challenge:
    """Move a recruiting défi to staffed once each wanted profile (product, tech) has an
    accepted offer. Called by the offers' acceptance with ``by=None`` (a system change);
    does nothing to a défi in another status or still missing a profile."""
    locked = challenge_lock(challenge)
    if locked.status != ChallengeStatus.RECRUITING:
        return locked
    hired_tracks = set(
        Offer.objects.filter(challenge=locked, status=OfferStatus.ACCEPTED).values_list(
            "candidacy__candidate__track", flat=True
        )
    )
    wanted = {
        track
        for track, wants in ((Track.PRODUCT, locked.wants_product), (Track.TECH, locked.wants_tech))
        if wants
    }
    if not hired_tracks or not wanted <= hired_tracks:
        return locked
    updated = transition_apply(
        workflow=CHALLENGE_WORKFLOW,
        instance=locked,
        name="mark_staffed",
        by=by,
        comment=STAFFED_AUTOMATICALLY,
    )
    notifications.challenge_status_changed(updated, name="mark_staffed", message="")
    return updated
