"""A candidate's personal data: what the platform holds, its export, its erasure, and its
automatic anonymisation once the programme's retention period has passed.

Erasing keeps the rows that statistics count — the account (inactive, under a
placeholder address), the profile's track, the applications with their round, status,
dates and wishes, and the history's actions and statuses — and empties everything that
says who the person is: names, e-mail addresses, phone, links, skills, experience,
gender, ventures, CV file, motivation, free-text history, e-mails sent to them, failed
sign-in records. The number of applications per round, status and track is unchanged.

Retention (docs/PRODUCT.md, the CNIL's recruitment guide): an unsuccessful candidate's
data is kept at most ``Programme.retention_unsuccessful_months`` after the decision, or,
if they agreed to be contacted for later rounds, at most
``Programme.retention_consent_months`` after the last contact; then anonymised. The
decision of a withdrawn application is its withdrawal.
"""

import datetime
import json
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, cast

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from dateutil.relativedelta import relativedelta
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.candidacies.enums import UNSUCCESSFUL_STATUSES, CandidacyStatus
from eig.candidacies.models import Candidacy, Candidate, Choice, Venture
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.history_display import events_for
from eig.core.models import Event
from eig.notifications.models import Email
from eig.programmes.models import Programme
from eig.programmes.selectors import current_programme

ANONYMOUS_DOMAIN = "anonyme.invalid"
# The profile's fields emptied by an erasure; the track stays, for the statistics.
ERASED_PROFILE_FIELDS = (
    "skills",
    "phone",
    "portfolio_url",
    "code_url",
    "professional_url",
    "gender",
    "cv",
    "cv_uploaded_at",
    "cv_text",
    "cv_text_status",
    "experience_years",
    "agrees_to_be_contacted",
    "last_contact_at",
)
USER_ERASED_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "proconnect_sub",
    "password",
    "is_active",
    "last_login",
)
ERASED_REPR = "[données supprimées]"
# A recruited person's file is kept with their contract (public employment records):
# their account is not erased on request.
ERASURE_REFUSED_STATUSES = frozenset({CandidacyStatus.HIRED})
EXPORT_README = """Vos données sur la plateforme Entrepreneur·es d’intérêt général

- data.json : tout ce que la plateforme garde sur vous (compte, profil, expériences
  entrepreneuriales, candidatures avec leurs vœux et leur historique, e-mails envoyés,
  enquêtes alumni), au format JSON, lisible par un éditeur de texte ou un tableur.
- cv.pdf : votre CV, tel que vous l’avez déposé (s’il y en a un).
"""


def anonymous_email(user_pk: int) -> str:
    return f"supprime-{user_pk}@{ANONYMOUS_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{ANONYMOUS_DOMAIN}")


# Retention


@dataclass(frozen=True)
class RetentionPolicy:
    unsuccessful_months: int
    consent_months: int


def _field_default(name: str) -> int:
    return int(cast("models.Field[Any, Any]", Programme._meta.get_field(name)).get_default())


def retention_policy() -> RetentionPolicy:
    """The programme's retention periods (their defaults when no programme exists yet)."""
    programme = current_programme()
    if programme is None:
        return RetentionPolicy(
            unsuccessful_months=_field_default("retention_unsuccessful_months"),
            consent_months=_field_default("retention_consent_months"),
        )
    return RetentionPolicy(
        unsuccessful_months=programme.retention_unsuccessful_months,
        consent_months=programme.retention_consent_months,
    )


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), on the month's last day if it is shorter."""
    return day + relativedelta(months=months)


def _local_day(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date()


def _is_stale_draft(candidacy: Candidacy, today: datetime.date) -> bool:
    """A draft never submitted whose round no longer accepts applications."""
    return (
        candidacy.status == CandidacyStatus.DRAFT and candidacy.round.application_deadline < today
    )


def _decision_day(candidacy: Candidacy) -> datetime.date:
    moment = candidacy.decided_at or candidacy.withdrawn_at or candidacy.updated_at
    return _local_day(moment)


def anonymisation_day(
    candidate: Candidate,
    candidacies: list[Candidacy],
    *,
    policy: RetentionPolicy,
    today: datetime.date,
) -> datetime.date | None:
    """The day this person's data is to be anonymised, or None while an application is
    under way (or none ended unsuccessfully). ``candidacies`` have their round loaded."""
    if any(
        c.status not in UNSUCCESSFUL_STATUSES and not _is_stale_draft(c, today) for c in candidacies
    ):
        return None
    days = [_decision_day(c) for c in candidacies if c.status in UNSUCCESSFUL_STATUSES]
    if not days:
        return None
    days += [c.round.application_deadline for c in candidacies if _is_stale_draft(c, today)]
    months = policy.unsuccessful_months
    if candidate.agrees_to_be_contacted:
        months = policy.consent_months
        if candidate.last_contact_at:
            days.append(_local_day(candidate.last_contact_at))
    return months_after(max(days), months)


# What the platform holds about a person


@dataclass
class PersonalData:
    user: User
    addresses: list[EmailAddress]
    candidate: Candidate | None
    ventures: list[Venture]
    candidacies: list[Candidacy]
    emails: list[Email]
    events: dict[tuple[int, int], list[Event]] = field(default_factory=dict)

    def events_of(self, subject: models.Model) -> list[Event]:
        content_type = ContentType.objects.get_for_model(subject)
        return self.events.get((content_type.pk, subject.pk), [])


def _addresses_of(user: User, addresses: list[EmailAddress]) -> set[str]:
    return {user.email.casefold(), *(address.email.casefold() for address in addresses)}


def _emails_to(addresses: set[str]) -> models.QuerySet[Email]:
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(to__iexact=address)
    return Email.objects.filter(condition)


def personal_data_for(user: User) -> PersonalData:
    """Everything the platform holds about ``user``, in a fixed number of queries."""
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    candidate = Candidate.objects.filter(user=user).first()
    ventures: list[Venture] = []
    candidacies: list[Candidacy] = []
    if candidate is not None:
        ventures = list(candidate.ventures.all())
        choices = models.Prefetch(
            "choices",
            queryset=Choice.objects.select_related("challenge__organisation").order_by("rank"),
        )
        candidacies = list(
            candidate.candidacies.select_related("round__promotion")
            .prefetch_related(choices)
            .order_by("-created_at")
        )
    events: dict[tuple[int, int], list[Event]] = defaultdict(list)
    subjects: list[models.Model] = [user, *([candidate] if candidate else []), *candidacies]
    for event in events_for(*subjects):
        events[event.content_type_id, event.object_id].append(event)
    emails = list(_emails_to(_addresses_of(user, addresses)).order_by("created_at"))
    return PersonalData(user, addresses, candidate, ventures, candidacies, emails, dict(events))


# The export


def _when(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _actor(event: Event, user: User) -> str:
    if event.actor_id is None:
        return "automatiquement"
    if event.actor_id == user.pk:
        return "vous"
    if event.actor is not None and event.actor.role == Role.STAFF:
        return "l’équipe du programme"
    return str(event.actor)


def _event_json(event: Event, user: User) -> dict[str, Any]:
    return {
        "date": _when(event.created_at),
        "action": event.action,
        "par": _actor(event, user),
        "statut_precedent": event.from_status,
        "nouveau_statut": event.to_status,
        "commentaire": event.comment,
        "modifications": event.changes,
    }


def _history_json(data: "PersonalData", subject: models.Model) -> list[dict[str, Any]]:
    return [_event_json(event, data.user) for event in data.events_of(subject)]


def _account_json(data: PersonalData) -> dict[str, Any]:
    user = data.user
    return {
        "adresse_email": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "role": user.role,
        "inscrit_le": _when(user.date_joined),
        "derniere_connexion": _when(user.last_login),
        "adresses_email": [
            {"adresse": a.email, "verifiee": a.verified, "principale": a.primary}
            for a in data.addresses
        ],
        "historique": _history_json(data, user),
    }


def _profile_json(data: PersonalData) -> dict[str, Any] | None:
    candidate = data.candidate
    if candidate is None:
        return None
    return {
        "profil": candidate.track,
        "annees_experience": candidate.experience_years,
        "competences": candidate.skills,
        "telephone": candidate.phone,
        "portfolio": candidate.portfolio_url,
        "code": candidate.code_url,
        "profil_professionnel": candidate.professional_url,
        "genre": candidate.gender,
        "accepte_d_etre_recontacte": candidate.agrees_to_be_contacted,
        "dernier_contact": _when(candidate.last_contact_at),
        "cv": {"fichier": "cv.pdf", "depose_le": _when(candidate.cv_uploaded_at)}
        if candidate.cv
        else None,
        "cree_le": _when(candidate.created_at),
        "modifie_le": _when(candidate.updated_at),
        "historique": _history_json(data, candidate),
    }


def _venture_json(venture: Venture) -> dict[str, Any]:
    return {
        "nom": venture.name,
        "role": venture.role,
        "annee_debut": venture.start_year,
        "annee_fin": venture.end_year,
        "taille_equipe": venture.team_size,
        "devenir": venture.outcome,
        "description": venture.description,
    }


def _candidacy_json(data: PersonalData, candidacy: Candidacy) -> dict[str, Any]:
    return {
        "session": str(candidacy.round),
        "statut": candidacy.status,
        "statut_libelle": str(candidacy.get_status_display()),
        "motivation": candidacy.motivation,
        "voeux": [
            {
                "rang": choice.rank,
                "defi": choice.challenge.title,
                "administration": str(choice.challenge.organisation),
            }
            for choice in candidacy.choices.all()
        ],
        "commencee_le": _when(candidacy.created_at),
        "deposee_le": _when(candidacy.submitted_at),
        "retiree_le": _when(candidacy.withdrawn_at),
        "raison_du_retrait": candidacy.withdrawal_reason,
        "decision_le": _when(candidacy.decided_at),
        "anonymisee_le": _when(candidacy.anonymised_at),
        "historique": _history_json(data, candidacy),
    }


def _email_json(email: Email) -> dict[str, Any]:
    return {
        "destinataire": email.to,
        "objet": email.subject,
        "texte": email.body_text,
        "statut": email.status,
        "cree_le": _when(email.created_at),
        "envoye_le": _when(email.sent_at),
    }


# Apps that keep more about a person (eig.impact: the alumni surveys) register here, from
# their AppConfig.ready(), a section of ``data.json``: its key and what fills it.
EXPORT_SECTIONS: dict[str, Callable[[User], Any]] = {}


def export_section_register(key: str, section: Callable[[User], Any]) -> None:
    EXPORT_SECTIONS[key] = section


def personal_data_document(data: PersonalData) -> dict[str, Any]:
    """The content of ``data.json``: French keys, local times in ISO 8601."""
    return {
        "genere_le": _when(timezone.now()),
        "compte": _account_json(data),
        "profil": _profile_json(data),
        "experiences_entrepreneuriales": [_venture_json(v) for v in data.ventures],
        "candidatures": [_candidacy_json(data, c) for c in data.candidacies],
        "emails_envoyes": [_email_json(email) for email in data.emails],
        **{key: section(data.user) for key, section in EXPORT_SECTIONS.items()},
    }


def _cv_add(archive: zipfile.ZipFile, candidate: Candidate) -> None:
    name = candidate.cv.name or ""
    if not name or not candidate.cv.storage.exists(name):
        return
    with candidate.cv.open("rb") as source, archive.open("cv.pdf", "w") as target:
        shutil.copyfileobj(source, target)


@transaction.atomic
def personal_data_export(*, user: User) -> IO[bytes]:
    """A ZIP of ``data.json`` and the CV, in a temporary file (deleted once closed),
    rewound to its start. The export is recorded in the account's history."""
    data = personal_data_for(user)
    document = json.dumps(
        personal_data_document(data), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder
    )
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the caller or the response closes it)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LISEZMOI.txt", EXPORT_README)
        archive.writestr("data.json", document)
        if data.candidate is not None:
            _cv_add(archive, data.candidate)
    output.seek(0)
    event_record(subject=user, by=user, action=HistoryAction.PERSONAL_DATA_EXPORTED)
    return output


# Erasure


def _subjects_of(user: User, candidate: Candidate | None) -> list[models.Model]:
    if candidate is None:
        return [user]
    return [user, candidate, *candidate.candidacies.all(), *candidate.ventures.all()]


def _subject_condition(subjects: list[models.Model], type_field: str, id_field: str) -> Q:
    condition = Q(pk__in=[])
    for subject in subjects:
        content_type = ContentType.objects.get_for_model(subject)
        condition |= Q(**{type_field: content_type, id_field: subject.pk})
    return condition


def _history_clear(subjects: list[models.Model]) -> None:
    """Keep what happened and when; drop the free text and the values that were changed."""
    Event.objects.filter(_subject_condition(subjects, "content_type", "object_id")).update(
        comment="", changes={}
    )
    LogEntry.objects.filter(_subject_condition(subjects, "content_type", "object_id")).update(
        object_repr=ERASED_REPR, change_message=""
    )


def _sign_in_records_delete(addresses: set[str]) -> None:
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        condition = Q(pk__in=[])
        for address in addresses:
            condition |= Q(username__iexact=address)
        model.objects.filter(condition).delete()


def _candidate_erase(candidate: Candidate, now: datetime.datetime) -> None:
    if candidate.cv:
        storage, cv_name = candidate.cv.storage, candidate.cv.name or ""
        # Deleted once the erasure is committed: a rolled-back erasure keeps the file.
        transaction.on_commit(lambda: storage.delete(cv_name))
    for field_name in ("skills", "phone", "portfolio_url", "code_url", "professional_url"):
        setattr(candidate, field_name, "")
    candidate.gender = ""
    candidate.cv = ""
    candidate.cv_uploaded_at = None
    candidate.cv_text = candidate.cv_text_status = ""
    candidate.experience_years = None
    candidate.agrees_to_be_contacted = False
    candidate.last_contact_at = None
    candidate.full_clean(exclude=["user"])
    candidate.save(update_fields=[*ERASED_PROFILE_FIELDS, "updated_at"])
    candidate.ventures.all().delete()
    for candidacy in candidate.candidacies.filter(anonymised_at__isnull=True):
        candidacy.motivation = ""
        candidacy.withdrawal_reason = ""
        candidacy.anonymised_at = now
        candidacy.save(
            update_fields=["motivation", "withdrawal_reason", "anonymised_at", "updated_at"]
        )
        event_record(subject=candidacy, by=None, action=HistoryAction.PERSONAL_DATA_ANONYMISED)


# Apps that keep more about a candidate (eig.selection: reviews' and decisions' comments,
# declared conflicts, juries' opinions) register here what erases it, from their
# AppConfig.ready(); each runs inside the erasure's transaction, before the profile is
# emptied.
ERASERS: list[Callable[[Candidate], None]] = []


def eraser_register(eraser: Callable[[Candidate], None]) -> Callable[[Candidate], None]:
    if eraser not in ERASERS:
        ERASERS.append(eraser)
    return eraser


def _personal_data_erase(user: User) -> None:
    """Erase the person's data; ``user`` is locked by the caller."""
    addresses = _addresses_of(user, list(EmailAddress.objects.filter(user=user)))
    candidate = Candidate.objects.select_for_update(of=("self",)).filter(user=user).first()
    subjects = _subjects_of(user, candidate)
    _history_clear(subjects)
    if candidate is not None:
        for eraser in ERASERS:
            eraser(candidate)
        _candidate_erase(candidate, timezone.now())
    _emails_to(addresses).delete()
    EmailAddress.objects.filter(user=user).delete()
    _sign_in_records_delete(addresses)
    user.email = anonymous_email(user.pk)
    user.first_name = user.last_name = user.proconnect_sub = ""
    user.set_unusable_password()
    user.is_active = False
    user.last_login = None
    user.full_clean()
    user.save(update_fields=USER_ERASED_FIELDS)


def _lock_user(user: User) -> User:
    return User.objects.select_for_update(of=("self",)).get(pk=user.pk)


@transaction.atomic
def account_erase(*, user: User, by: User) -> None:
    """Delete a candidate's account at their request (or the programme team's, for a
    request received by mail): their personal data is erased, anonymous rows remain."""
    if getattr(by, "pk", None) != user.pk and getattr(by, "role", None) != Role.STAFF:
        raise DomainError("Vous ne pouvez supprimer que votre propre compte.")
    locked = _lock_user(user)
    if locked.role != Role.CANDIDATE:
        raise DomainError(
            "Seuls les comptes de candidat·es se suppriment ici ; écrivez à l’équipe du programme."
        )
    if is_erased(locked):
        raise DomainError("Ce compte est déjà supprimé.")
    if Candidacy.objects.filter(
        candidate__user=locked, status__in=ERASURE_REFUSED_STATUSES
    ).exists():
        raise DomainError(
            "Vous avez été recruté·e : votre dossier est conservé avec votre contrat, comme "
            "pour tout agent public. Écrivez à l’équipe du programme pour toute demande."
        )
    _personal_data_erase(locked)
    event_record(subject=locked, by=by, action=HistoryAction.ACCOUNT_ERASED)


# Automatic anonymisation


def _cutoff(today: datetime.date, months: int) -> datetime.datetime:
    """A moment before which a decision may have passed its retention period.

    A few days' margin covers the months of unequal length; ``anonymisation_day``
    then decides exactly."""
    day = months_after(today, -months) + datetime.timedelta(days=4)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _candidates_to_examine(today: datetime.date, policy: RetentionPolicy) -> list[int]:
    """Profiles with an unsuccessful application not anonymised yet, none under way, and
    whose latest unsuccessful decision is older than the shortest retention period."""
    unsuccessful = Q(candidacies__status__in=UNSUCCESSFUL_STATUSES)
    under_way = Candidacy.objects.exclude(status__in=UNSUCCESSFUL_STATUSES).exclude(
        status=CandidacyStatus.DRAFT, round__application_deadline__lt=today
    )
    pending = Candidacy.objects.filter(status__in=UNSUCCESSFUL_STATUSES, anonymised_at__isnull=True)
    latest = Max(
        Coalesce("candidacies__decided_at", "candidacies__withdrawn_at", "candidacies__updated_at"),
        filter=unsuccessful,
    )
    return list(
        Candidate.objects.filter(pk__in=pending.values("candidate_id"))
        .exclude(pk__in=under_way.values("candidate_id"))
        .annotate(latest_decision=latest)
        .filter(latest_decision__lt=_cutoff(today, policy.unsuccessful_months))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def _anonymise_if_expired(
    candidate_pk: int, *, today: datetime.date, policy: RetentionPolicy
) -> bool:
    # The account first, then the profile: the order account_erase locks them in.
    user = User.objects.select_for_update(of=("self",)).get(candidate__pk=candidate_pk)
    candidate = Candidate.objects.select_for_update(of=("self",)).get(pk=candidate_pk)
    candidacies = list(candidate.candidacies.select_related("round"))
    day = anonymisation_day(candidate, candidacies, policy=policy, today=today)
    if day is None or today < day:
        return False
    months = policy.unsuccessful_months
    if candidate.agrees_to_be_contacted:
        months = policy.consent_months
    _personal_data_erase(user)
    event_record(
        subject=user,
        by=None,
        action=HistoryAction.EXPIRED_DATA_ANONYMISED,
        changes={"conservation_mois": months},
    )
    return True


def candidacies_anonymise_expired(*, today: datetime.date) -> list[int]:
    """Anonymise the candidates whose applications all ended unsuccessfully and whose
    retention period has passed. Returns the ids of the profiles anonymised; a second
    run the same day finds nothing more to do."""
    policy = retention_policy()
    return [
        pk
        for pk in _candidates_to_examine(today, policy)
        if _anonymise_if_expired(pk, today=today, policy=policy)
    ]
