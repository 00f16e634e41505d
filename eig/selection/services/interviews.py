"""Interviews: staff schedule them, reschedule or cancel them; interviewers score them.

Who may be invited to a programme interview: a submitted application that staff
screened eligible (a ``Decision(kind=screening, outcome=eligible)``). A joint interview
(programme and administration) is for a candidate proposed to the défi. Everyone
invited (the candidate, each interviewer, and for a joint interview the défi's agents)
gets an e-mail carrying the same calendar invitation (``eig/selection/calendar.py``);
an update carries the same UID with a higher SEQUENCE, a cancellation METHOD:CANCEL.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.candidacies.validators import validate_web_url
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply, transition_apply_many
from eig.notifications.services import email_queue
from eig.selection.calendar import CalendarEvent, Person, ics_render
from eig.selection.enums import (
    DecisionKind,
    DecisionOutcome,
    InterviewKind,
    Recommendation,
    ReviewStage,
)
from eig.selection.models import Conflict, Decision, Interview, Proposal, Review, Score
from eig.selection.rules import interview_rule
from eig.selection.selectors.interviews import (
    INTERVIEWER_ROLES,
    agents_of,
    interview_criteria,
    interview_event_sequence,
)
from eig.selection.workflows import INTERVIEW_WORKFLOW, PROPOSAL_WORKFLOW, REVIEW_WORKFLOW

MAX_DURATION_MINUTES = 480
ICS_FILENAME = "entretien-eig.ics"
ICS_MIMETYPE = "text/calendar"
# A proposal waiting for its joint interview, or whose interview is planned (to change it).
JOINT_OPEN_STATUSES = (
    *PROPOSAL_WORKFLOW.sources_of("interview_schedule"),
    *PROPOSAL_WORKFLOW.sources_of("interview_cancel"),
)


@dataclass(frozen=True)
class InterviewPlan:
    """When and where: a place, a video link, or both."""

    starts_at: datetime.datetime
    duration_minutes: int
    location: str = ""
    video_url: str = ""

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


def _plan_check(plan: InterviewPlan) -> None:
    if timezone.is_naive(plan.starts_at):
        raise DomainError(_("La date de l’entretien doit préciser son fuseau horaire."))
    if plan.starts_at <= timezone.now():
        raise DomainError(_("L’entretien doit avoir lieu dans le futur."))
    if not 10 <= plan.duration_minutes <= MAX_DURATION_MINUTES:
        raise DomainError(_("La durée doit être comprise entre 10 minutes et 8 heures."))
    if not plan.location.strip() and not plan.video_url.strip():
        raise DomainError(_("Indiquez un lieu ou un lien de visioconférence."))
    if plan.video_url:
        validate_web_url(plan.video_url)


def _interviewers_check(candidacy: Candidacy, interviewers: list[User]) -> None:
    if not interviewers:
        raise DomainError(_("Choisissez au moins une personne pour mener l’entretien."))
    for person in interviewers:
        if person.role not in INTERVIEWER_ROLES or not person.is_active:
            raise DomainError(
                _("%(name)s ne peut pas mener d’entretien.") % {"name": person.full_name or person}
            )
    conflicted = Conflict.objects.filter(
        candidate_id=candidacy.candidate_id, reviewer__in=interviewers
    ).select_related("reviewer")
    for conflict in conflicted:
        raise DomainError(
            _("%(name)s a déclaré un conflit d’intérêts avec cette personne.")
            % {"name": conflict.reviewer}
        )


def programme_interview_check(candidacy: Candidacy) -> None:
    """Refuse an application that cannot be invited (the page asks before showing the form)."""
    eligible = Decision.objects.filter(
        candidacy=candidacy, kind=DecisionKind.SCREENING, outcome=DecisionOutcome.ELIGIBLE
    ).exists()
    if candidacy.status != CandidacyStatus.SUBMITTED or not eligible:
        raise DomainError(
            _(
                "Seule une candidature déposée et déclarée recevable "
                "peut être invitée à un entretien."
            )
        )
    if Interview.objects.filter(
        candidacy=candidacy, kind=InterviewKind.PROGRAMME, cancelled_at__isnull=True
    ).exists():
        raise DomainError(_("Un entretien est déjà prévu pour cette candidature : modifiez-le."))


def _joint_interview_check(candidacy: Candidacy, challenge: Challenge) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .filter(candidacy=candidacy, challenge=challenge, status__in=JOINT_OPEN_STATUSES)
        .first()
    )
    if proposal is None:
        raise DomainError(_("Cette personne n’est pas proposée à ce défi."))
    if Interview.objects.filter(
        candidacy=candidacy, challenge=challenge, cancelled_at__isnull=True
    ).exists():
        raise DomainError(_("Un entretien conjoint est déjà prévu pour ce défi : modifiez-le."))
    return proposal


@transaction.atomic
def interview_schedule(
    *,
    candidacy: Candidacy,
    plan: InterviewPlan,
    interviewers: Iterable[User],
    by: User,
    challenge: Challenge | None = None,
) -> Interview:
    """Invite a candidate to a programme interview, or (with ``challenge``) a joint one."""
    require_staff(by, message=_("Seule l’équipe du programme organise les entretiens."))
    candidacy = Candidacy.objects.select_for_update(of=("self",)).get(pk=candidacy.pk)
    people = list(interviewers)
    _plan_check(plan)
    _interviewers_check(candidacy, people)
    proposal = None
    if challenge is None:
        programme_interview_check(candidacy)
    else:
        proposal = _joint_interview_check(candidacy, challenge)
    interview = Interview(
        candidacy=candidacy,
        kind=InterviewKind.JOINT if challenge else InterviewKind.PROGRAMME,
        challenge=challenge,
        starts_at=plan.starts_at,
        duration_minutes=plan.duration_minutes,
        location=plan.location.strip(),
        video_url=plan.video_url.strip(),
        invited_by=by,
    )
    interview.full_clean()
    interview.save()
    interview.interviewers.set(people)
    if challenge is None:
        _reviews_create(interview, people, by)
    elif proposal is not None and PROPOSAL_WORKFLOW.allows(proposal.status, "interview_schedule"):
        transition_apply(
            workflow=PROPOSAL_WORKFLOW, instance=proposal, name="interview_schedule", by=by
        )
    event_record(
        subject=interview,
        by=by,
        action=HistoryAction.INTERVIEW_SCHEDULED,
        changes={"starts_at": [None, plan.starts_at.isoformat()]},
    )
    _invitations_send(interview, template="interview_invitation", sequence=0)
    return interview


def _reviews_create(interview: Interview, interviewers: list[User], by: User) -> None:
    for person in interviewers:
        Review.objects.create(
            candidacy=interview.candidacy,
            reviewer=person,
            stage=ReviewStage.INTERVIEW,
            interview=interview,
            assigned_by=by,
        )


def _locked_open_interview(interview: Interview) -> Interview:
    locked = Interview.objects.select_for_update(of=("self",)).get(pk=interview.pk)
    if locked.status not in INTERVIEW_WORKFLOW.sources_of("reschedule", "cancel"):
        raise DomainError(_("Cet entretien est annulé."))
    return locked


@transaction.atomic
def interview_reschedule(*, interview: Interview, plan: InterviewPlan, by: User) -> Interview:
    """Move an interview (date, duration, place, link): everyone gets the update."""
    require_staff(by, message=_("Seule l’équipe du programme organise les entretiens."))
    interview = _locked_open_interview(interview)
    _plan_check(plan)
    before = {
        "starts_at": interview.starts_at.isoformat(),
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "video_url": interview.video_url,
    }
    moved = {
        "starts_at": plan.starts_at,
        "duration_minutes": plan.duration_minutes,
        "location": plan.location.strip(),
        "video_url": plan.video_url.strip(),
    }
    for name, value in moved.items():
        setattr(interview, name, value)
    interview.full_clean()
    after = {
        "starts_at": interview.starts_at.isoformat(),
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "video_url": interview.video_url,
    }
    changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    interview = transition_apply(
        workflow=INTERVIEW_WORKFLOW,
        instance=interview,
        name="reschedule",
        by=by,
        extra_fields=moved,
        changes=changes,
    )
    _invitations_send(
        interview, template="interview_update", sequence=interview_event_sequence(interview)
    )
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, by: User, reason: str = "") -> Interview:
    """Cancel an interview: everyone gets a cancellation for their calendar."""
    require_staff(by, message=_("Seule l’équipe du programme organise les entretiens."))
    interview = transition_apply(
        workflow=INTERVIEW_WORKFLOW,
        instance=_locked_open_interview(interview),
        name="cancel",
        by=by,
        comment=reason,
        extra_fields={"cancelled_at": timezone.now()},
    )
    if interview.challenge_id is not None:
        transition_apply_many(
            workflow=PROPOSAL_WORKFLOW,
            queryset=Proposal.objects.filter(
                candidacy_id=interview.candidacy_id, challenge_id=interview.challenge_id
            ),
            name="interview_cancel",
            by=by,
            comment=reason,
        )
    _invitations_send(
        interview,
        template="interview_cancellation",
        sequence=interview_event_sequence(interview),
        reason=reason,
    )
    return interview


# --- E-mails with the calendar invitation ------------------------------------------


def _person(user: User) -> Person:
    return Person(name=user.full_name or user.email, email=user.email)


def _organizer(interview: Interview) -> Person:
    if interview.invited_by is not None:
        return _person(interview.invited_by)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Person(name=name or "EIG", email=address)


def interview_uid(interview: Interview) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "eig.local"
    return f"entretien-{interview.pk}@{host}"


def _summary(interview: Interview) -> str:
    name = interview.candidacy.candidate.user.full_name
    if interview.challenge is not None:
        return _("Entretien conjoint EIG — %(challenge)s — %(name)s") % {
            "challenge": interview.challenge.title,
            "name": name,
        }
    return _("Entretien EIG — %(name)s") % {"name": name}


def _description(interview: Interview) -> str:
    lines = [str(interview.get_kind_display())]
    if interview.challenge is not None:
        lines.append(_("Défi : %(title)s") % {"title": interview.challenge.title})
    if interview.location:
        lines.append(_("Lieu : %(place)s") % {"place": interview.location})
    if interview.video_url:
        lines.append(_("Visioconférence : %(url)s") % {"url": interview.video_url})
    lines.append(_("Durée : %(minutes)s minutes") % {"minutes": interview.duration_minutes})
    return "\n".join(lines)


def _invited(interview: Interview) -> tuple[User, list[User]]:
    """The candidate, and the others invited: interviewers, then the défi's agents."""
    candidate = interview.candidacy.candidate.user
    others = list(interview.interviewers.order_by("pk"))
    if interview.challenge is not None:
        others += [agent for agent in agents_of(interview.challenge) if agent not in others]
    return candidate, others


def interview_calendar(interview: Interview, *, sequence: int) -> str:
    candidate, others = _invited(interview)
    event = CalendarEvent(
        uid=interview_uid(interview),
        sequence=sequence,
        starts_at=interview.starts_at,
        ends_at=interview.starts_at + datetime.timedelta(minutes=interview.duration_minutes),
        stamp=timezone.now(),
        summary=_summary(interview),
        description=_description(interview),
        organizer=_organizer(interview),
        attendees=[_person(candidate), *(_person(user) for user in others)],
        location=interview.location,
        url=interview.video_url,
        cancelled=interview.cancelled_at is not None,
    )
    return ics_render(event)


def _invitations_send(
    interview: Interview, *, template: str, sequence: int, reason: str = ""
) -> None:
    candidate, others = _invited(interview)
    attachment = {
        "filename": ICS_FILENAME,
        "content": interview_calendar(interview, sequence=sequence),
        "mimetype": ICS_MIMETYPE,
    }
    context = {
        "interview": interview,
        "candidate_name": candidate.full_name,
        "challenge": interview.challenge,
        "ends_at": interview.starts_at + datetime.timedelta(minutes=interview.duration_minutes),
        "reason": reason,
    }
    email_queue(
        to=candidate.email,
        template=template,
        context={**context, "for_candidate": True, "url": ""},
        attachments=[attachment],
    )
    if others:
        email_queue(
            to=[user.email for user in others],
            template=template,
            context={**context, "for_candidate": False, "url": _jury_link(interview)},
            attachments=[attachment],
        )


def _jury_link(interview: Interview) -> str:
    if interview.challenge_id is not None:
        path = reverse("interviews:jury_list", kwargs={"pk": interview.challenge_id})
    else:
        path = reverse("interviews:my_interviews")
    return settings.SITE_URL + path


# --- Scoring ----------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionScore:
    value: int
    comment: str


@transaction.atomic
def interview_review_submit(
    *,
    review: Review,
    scores: dict[int, CriterionScore],
    recommendation: str,
    comment: str,
    by: User,
) -> Review:
    """An interviewer scores every interview criterion (with a comment) and recommends."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("interview", "candidacy__round__promotion")
        .get(pk=review.pk)
    )
    if review.stage != ReviewStage.INTERVIEW or not interview_rule(by, "score_interview", review):
        raise DomainError(_("Vous ne pouvez pas évaluer cet entretien."))
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choisissez une recommandation."))
    criteria = interview_criteria(review.candidacy)
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None or not score.comment.strip():
            raise DomainError(
                _("Notez « %(label)s » et justifiez la note.") % {"label": criterion.label}
            )
        if not criterion.min_score <= score.value <= criterion.max_score:
            raise DomainError(
                _("La note de « %(label)s » doit être comprise entre %(min)s et %(max)s.")
                % {"label": criterion.label, "min": criterion.min_score, "max": criterion.max_score}
            )
        row = Score(
            review=review, criterion=criterion, value=score.value, comment=score.comment.strip()
        )
        row.full_clean()
        row.save()
    return transition_apply(
        workflow=REVIEW_WORKFLOW,
        instance=review,
        name="interview_submit",
        by=by,
        extra_fields={
            "recommendation": recommendation,
            "comment": comment.strip(),
            "submitted_at": timezone.now(),
        },
    )
