"""Use cases of the candidates: their profile, their application to a round.

Each runs in one transaction, locks what two requests could change at once (a
double click, two tabs), records the history and queues its e-mails after commit.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import is_candidate, require_staff
from eig.api.enums import WebhookEvent
from eig.api.webhooks import webhook_emit
from eig.candidacies import notifications
from eig.candidacies.enums import EDITABLE_STATUSES, CandidacyStatus, CvTextStatus, ExportFormat
from eig.candidacies.models import (
    MOTIVATION_MAX_LENGTH,
    Candidacy,
    Candidate,
    Choice,
    Export,
    Venture,
)
from eig.candidacies.selectors.candidate import challenges_open_to
from eig.candidacies.tasks import cv_text_prepare, export_build
from eig.candidacies.workflow import CANDIDACY_WORKFLOW
from eig.challenges.models import Challenge
from eig.contracts.services.offers import offers_withdraw_for_candidacy
from eig.core.errors import DomainError
from eig.core.files import pdf_check
from eig.core.history import changed_fields, event_record, fields_update
from eig.core.history_actions import HistoryAction
from eig.core.jobs import enqueue
from eig.core.workflow import transition_apply
from eig.programmes.models import Round
from eig.programmes.selectors import current_programme

CV_MAX_BYTES = 5 * 1024 * 1024
PROFILE_FIELDS = frozenset(
    {
        "track",
        "experience_years",
        "skills",
        "phone",
        "portfolio_url",
        "code_url",
        "professional_url",
        "gender",
        "agrees_to_be_contacted",
    }
)


def _require_candidate(by: User) -> None:
    if not is_candidate(by):
        raise DomainError("Seul·es les candidat·es ont un profil de candidature.")


def _lock_candidate(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update(of=("self",)).get(pk=candidate.pk)


def _lock_candidacy(candidacy: Candidacy) -> Candidacy:
    return (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("round", "candidate")
        .get(pk=candidacy.pk)
    )


@transaction.atomic
def candidate_get_or_create(*, by: User) -> Candidate:
    _require_candidate(by)
    candidate, created = Candidate.objects.get_or_create(user=by)
    if created:
        event_record(subject=candidate, by=by, action=HistoryAction.PROFILE_CREATED)
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, by: User, data: dict[str, Any]) -> Candidate:
    if candidate.user_id != by.pk:
        raise DomainError("Vous ne pouvez modifier que votre propre profil.")
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise DomainError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    locked, _ = fields_update(
        instance=candidate,
        data=data,
        by=by,
        action=HistoryAction.PROFILE_UPDATED,
        clean_exclude=["user", "cv"],
        # Never written in clear in the history: it is asked only for statistics.
        masked=["gender"],
    )
    return locked


@transaction.atomic
def venture_save(
    *, candidate: Candidate, by: User, data: dict[str, Any], venture: Venture | None = None
) -> Venture:
    if candidate.user_id != by.pk:
        raise DomainError("Vous ne pouvez modifier que votre propre profil.")
    locked = _lock_candidate(candidate)
    target = venture or Venture(candidate=locked)
    if target.candidate_id != locked.pk:
        raise DomainError("Cette expérience n’appartient pas à votre profil.")
    for name, value in data.items():
        setattr(target, name, value)
    target.full_clean()
    # Only the fields the candidate edits: the programme team's marking
    # (``description_hidden_by_staff``) made while the form was open stays.
    target.save(update_fields=list(data) if venture else None)
    event_record(
        subject=locked,
        by=by,
        action=HistoryAction.VENTURE_UPDATED if venture else HistoryAction.VENTURE_ADDED,
        changes={"expérience": target.name},
    )
    return target


@transaction.atomic
def venture_delete(*, venture: Venture, by: User) -> None:
    candidate = venture.candidate
    if candidate.user_id != by.pk:
        raise DomainError("Vous ne pouvez modifier que votre propre profil.")
    locked = _lock_candidate(candidate)
    name = venture.name
    venture.delete()
    event_record(
        subject=locked, by=by, action=HistoryAction.VENTURE_DELETED, changes={"expérience": name}
    )


@transaction.atomic
def cv_upload(*, candidate: Candidate, by: User, uploaded: "UploadedFile[bytes]") -> Candidate:
    """Replace the CV. The file is checked from its bytes; the old one is deleted after commit."""
    if candidate.user_id != by.pk:
        raise DomainError("Vous ne pouvez modifier que votre propre profil.")
    pdf_check(uploaded, max_bytes=CV_MAX_BYTES)
    locked = _lock_candidate(candidate)
    old_name = locked.cv.name if locked.cv else ""
    storage = locked.cv.storage
    locked.cv.save("cv.pdf", uploaded, save=False)
    locked.cv_uploaded_at = timezone.now()
    # The old CV's text goes with it; blind reviewers wait for the new one's.
    locked.cv_text, locked.cv_text_status = "", CvTextStatus.PENDING
    locked.save(update_fields=["cv", "cv_uploaded_at", "cv_text", "cv_text_status", "updated_at"])
    if old_name and old_name != locked.cv.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    event_record(subject=locked, by=by, action=HistoryAction.CV_UPLOADED)
    enqueue(cv_text_prepare, candidate_id=locked.pk, cv_name=locked.cv.name)
    return locked


def cv_texts_queue_missing(*, again: bool = False) -> int:
    """Queue the text extraction of the CVs that have none (uploaded before it existed,
    or a job lost); ``again``: of every CV. Returns how many jobs were queued."""
    candidates = Candidate.objects.exclude(cv="")
    if not again:
        candidates = candidates.filter(cv_text_status__in=["", CvTextStatus.PENDING])
    queued = 0
    with transaction.atomic():
        for pk, cv_name in candidates.values_list("pk", "cv").iterator():
            enqueue(cv_text_prepare, candidate_id=pk, cv_name=cv_name)
            queued += 1
    return queued


@transaction.atomic
def venture_description_hide(
    *, venture: Venture, candidacy: Candidacy, hidden: bool, by: User
) -> Venture:
    """The programme team withholds a venture's description from blind reviewers (or
    shows it again), from the application file ``candidacy``: its history records it."""
    if getattr(by, "role", None) != Role.STAFF:
        raise DomainError("Seule l’équipe du programme peut masquer une description.")
    locked = Venture.objects.select_for_update(of=("self",)).get(pk=venture.pk)
    if locked.candidate_id != candidacy.candidate_id:
        raise DomainError("Cette expérience n’appartient pas à ce dossier.")
    if locked.description_hidden_by_staff == hidden:
        return locked
    locked.description_hidden_by_staff = hidden
    locked.save(update_fields=["description_hidden_by_staff"])
    event_record(
        subject=candidacy,
        by=by,
        action=HistoryAction.VENTURE_DESCRIPTION_HIDDEN
        if hidden
        else HistoryAction.VENTURE_DESCRIPTION_SHOWN,
        comment=locked.name,
    )
    return locked


def profile_missing(candidate: Candidate) -> list[str]:
    """What the profile lacks before the candidate may submit an application."""
    missing = []
    if not candidate.track:
        missing.append("votre profil (directeur·rice produit ou technique)")
    if candidate.experience_years is None:
        missing.append("vos années d’expérience professionnelle")
    if candidate.pk is None or not candidate.ventures.exists():
        missing.append("au moins une expérience entrepreneuriale")
    if not candidate.cv:
        missing.append("votre CV en PDF")
    return missing


def _require_open(round_: Round, today: datetime.date | None = None) -> None:
    day = today or timezone.localdate()
    if not round_.is_open_for_applications(day):
        raise DomainError(
            f"La session n’accepte plus de changements : la date limite était le "
            f"{round_.application_deadline:%d/%m/%Y}."
        )


@transaction.atomic
def candidacy_start(*, candidate: Candidate, round_: Round, by: User) -> Candidacy:
    """Open (or return) the candidate's application to a round open for applications."""
    if candidate.user_id != by.pk:
        raise DomainError("Vous ne pouvez candidater que pour vous-même.")
    _require_open(round_)
    _lock_candidate(candidate)  # serialises a double click: one candidacy per round
    candidacy, created = Candidacy.objects.get_or_create(candidate=candidate, round=round_)
    if created:
        event_record(
            subject=candidacy,
            by=by,
            action=HistoryAction.CANDIDACY_CREATED,
            to_status=candidacy.status,
        )
    return candidacy


@transaction.atomic
def candidacy_update(
    *, candidacy: Candidacy, by: User, motivation: str, challenge_ids: list[int]
) -> Candidacy:
    """Save the motivation and the ranked wishes (first = preferred)."""
    locked = _lock_candidacy(candidacy)
    _require_owner_and_editable(locked, by)
    # A TextField's max_length is not checked by full_clean(): the service enforces it.
    if len(motivation) > MOTIVATION_MAX_LENGTH:
        raise DomainError(
            f"La motivation compte {len(motivation)} caractères : la limite est de "
            f"{MOTIVATION_MAX_LENGTH}. Raccourcissez-la."
        )
    choices = _validated_choices(locked, challenge_ids)
    changes = changed_fields(locked, {"motivation": motivation})
    locked.motivation = motivation
    locked.full_clean(exclude=["candidate", "round"])
    locked.save(update_fields=["motivation", "updated_at"])
    previous = list(locked.choices.order_by("rank").values_list("challenge_id", flat=True))
    if previous != [challenge.pk for challenge in choices]:
        locked.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(candidacy=locked, challenge=challenge, rank=rank)
            for rank, challenge in enumerate(choices, start=1)
        )
        changes["vœux"] = [
            [str(pk) for pk in previous],
            [str(challenge.pk) for challenge in choices],
        ]
    if changes:
        event_record(subject=locked, by=by, action=HistoryAction.CANDIDACY_UPDATED, changes=changes)
    return locked


def _require_owner_and_editable(candidacy: Candidacy, by: User) -> None:
    if candidacy.candidate.user_id != by.pk:
        raise DomainError("Cette candidature n’est pas la vôtre.")
    if candidacy.status not in EDITABLE_STATUSES:
        raise DomainError(
            "Cette candidature n’est plus modifiable : elle est "
            f"« {candidacy.get_status_display()} »."
        )
    _require_open(candidacy.round)


def _validated_choices(candidacy: Candidacy, challenge_ids: list[int]) -> list[Challenge]:
    programme = current_programme()
    max_choices = programme.max_choices if programme else 3
    if len(challenge_ids) > max_choices:
        raise DomainError(f"Vous pouvez choisir au plus {max_choices} défis.")
    if len(set(challenge_ids)) != len(challenge_ids):
        raise DomainError("Chaque défi ne peut être choisi qu’une fois.")
    open_challenges = {
        challenge.pk: challenge
        for challenge in challenges_open_to(candidacy.candidate, candidacy.round)
    }
    unknown = [pk for pk in challenge_ids if pk not in open_challenges]
    if unknown:
        raise DomainError(
            "Un des défis choisis n’est pas ouvert au recrutement pour votre profil "
            "dans cette session."
        )
    return [open_challenges[pk] for pk in challenge_ids]


def candidacy_missing(candidacy: Candidacy) -> list[str]:
    missing = profile_missing(candidacy.candidate)
    if not candidacy.motivation.strip():
        missing.append("votre motivation")
    if not candidacy.choices.exists():
        missing.append("au moins un vœu parmi les défis ouverts")
    return missing


@transaction.atomic
def candidacy_submit(*, candidacy: Candidacy, by: User) -> Candidacy:
    locked = _lock_candidacy(candidacy)
    _require_owner_and_editable(locked, by)
    if not CANDIDACY_WORKFLOW.allows(locked.status, "submit"):
        raise DomainError(
            "Cette candidature est déjà déposée ; vous pouvez la modifier jusqu’à la date limite."
        )
    missing = candidacy_missing(locked)
    if missing:
        raise DomainError("Il manque encore : " + " ; ".join(missing) + ".")
    locked = transition_apply(
        workflow=CANDIDACY_WORKFLOW,
        instance=locked,
        name="submit",
        by=by,
        extra_fields={"submitted_at": timezone.now()},
    )
    notifications.candidacy_submitted(locked)
    webhook_emit(
        WebhookEvent.CANDIDACY_SUBMITTED,
        {"candidature_id": locked.pk, "session_id": locked.round_id},
    )
    return locked


@transaction.atomic
def candidacy_withdraw(*, candidacy: Candidacy, by: User, reason: str = "") -> Candidacy:
    locked = _lock_candidacy(candidacy)
    if locked.candidate.user_id != by.pk:
        raise DomainError("Cette candidature n’est pas la vôtre.")
    if locked.status == CandidacyStatus.WITHDRAWN:
        raise DomainError("Cette candidature est déjà retirée.")
    if not CANDIDACY_WORKFLOW.allows(locked.status, "withdraw"):
        raise DomainError(
            f"Cette candidature est terminée (« {locked.get_status_display()} ») : "
            "il n’y a plus rien à retirer."
        )
    reason = reason.strip()
    locked = transition_apply(
        workflow=CANDIDACY_WORKFLOW,
        instance=locked,
        name="withdraw",
        by=by,
        comment=reason,
        extra_fields={"withdrawn_at": timezone.now(), "withdrawal_reason": reason},
    )
    offers_withdraw_for_candidacy(candidacy=locked, by=by)
    notifications.candidacy_withdrawn(locked)
    return locked


# Staff exports built by a job


@transaction.atomic
def export_request(*, by: User, file_format: str, query: str, rows: int) -> Export:
    """Queue the export of the list (its parameters in ``query``) for a job to build;
    the person is e-mailed a link once it is ready (``eig.candidacies.exports``)."""
    require_staff(by, "Seule l’équipe du programme peut exporter les candidatures.")
    if file_format not in ExportFormat.values:
        raise DomainError(f"Format d’export inconnu : {file_format}.")
    export = Export.objects.create(
        requested_by=by,
        file_format=file_format,
        query=query,
        requested_rows=rows,
        expires_at=timezone.now() + datetime.timedelta(days=settings.EIG_EXPORT_KEPT_DAYS),
    )
    event_record(
        subject=export, by=by, action=HistoryAction.EXPORT_REQUESTED, to_status=export.status
    )
    enqueue(export_build, export_id=export.pk)
    return export
