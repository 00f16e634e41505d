"""The alumni survey: one question, 6 and 12 months after an EIG's last contract ended.

"Where do you work now?" — the answers, only counted, feed the programme's public
impact figures. Each survey is an ``AlumniPath`` row holding a secret token: the link
in the e-mail is enough to answer, no sign-in needed.

- ``alumni_surveys_send`` sends the wave due to each person whose last contract (a
  renewal is a new contract, so its end counts) has ended: wave 6 from 6 months after
  the end, wave 12 from 12 months after it; wave 6 is skipped when wave 12 is already
  due (too late to ask about "6 months after"). Each (person, end of the last contract,
  wave) is sent once, however often it runs and even when two runs overlap.
- ``alumni_survey_reminders_send`` reminds once, ``REMINDER_AFTER`` after the survey,
  those who have not answered.
- ``alumni_survey_answer`` records the answer; answering again changes it (people move).

Nobody whose account was erased or deactivated is asked anything.
"""

import datetime
import secrets
from typing import Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import User
from eig.candidacies.models import Candidate
from eig.candidacies.privacy import ANONYMOUS_DOMAIN, is_erased, months_after
from eig.contracts.models import Contract
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.impact.enums import SurveyWave, Workplace
from eig.impact.models import AlumniPath
from eig.notifications.services import email_queue

# An unanswered survey is reminded once, this long after it was sent: two weeks leave
# time to answer without forgetting, and a single reminder does not pester.
REMINDER_AFTER = datetime.timedelta(days=14)
# The months of unequal length make "end + 6 months" not exactly "today - 6 months":
# the query takes a few days more, then ``wave_due`` decides exactly.
_MONTHS_MARGIN = datetime.timedelta(days=4)
SURVEY_TEMPLATE = "alumni_survey"
REMINDER_TEMPLATE = "alumni_survey_reminder"
INVALID_ANSWER = "Choisissez l’une des réponses proposées."
# Which of a person's answers counts: the 12-month wave over the 6-month one, then the
# latest answer (the figures in ``eig.impact.figures`` and the erasure use the same rule).
LATEST_ANSWER_FIRST = ("-wave", "-answered_at", "-pk")


def survey_token() -> str:
    """The secret of a survey's link: answering needs nothing else."""
    return secrets.token_urlsafe(32)


def wave_due(*, contract_end: datetime.date, today: datetime.date) -> SurveyWave | None:
    """The wave to send today for a last contract ended on ``contract_end``, if any."""
    if today >= months_after(contract_end, SurveyWave.TWELVE_MONTHS):
        return SurveyWave.TWELVE_MONTHS
    if today >= months_after(contract_end, SurveyWave.SIX_MONTHS):
        return SurveyWave.SIX_MONTHS
    return None


def survey_url(survey: AlumniPath) -> str:
    return settings.SITE_URL + reverse("impact:survey", kwargs={"token": survey.token})


def alumni_survey_for_token(token: str) -> AlumniPath | None:
    """The survey a link points to: its token is the only key (None if unknown)."""
    return AlumniPath.objects.select_related("promotion").filter(token=token).first()


def _reachable_people() -> Q:
    """People who can still be written to: active, and not erased."""
    return Q(is_active=True) & ~Q(email__iendswith=f"@{ANONYMOUS_DOMAIN}")


# Sending the surveys


def _alumni_to_survey(today: datetime.date) -> list[tuple[int, datetime.date, int, SurveyWave]]:
    """(person, end of their last contract, its promotion, wave due) for each alumnus owed
    a survey today and not sent it yet, in three queries whatever the number of people."""
    cutoff = months_after(today, -SurveyWave.SIX_MONTHS) + _MONTHS_MARGIN
    reachable = User.objects.filter(_reachable_people())
    ends = dict(
        Contract.objects.filter(person__in=reachable)
        .values("person_id")
        .annotate(last_end=Max("end_date"))
        .filter(last_end__lt=today, last_end__lte=cutoff)
        .values_list("person_id", "last_end")
    )
    if not ends:
        return []
    # The last contract's promotion (the latest one when two contracts end the same day).
    promotions: dict[int, int] = {}
    for person_id, end, promotion_id in (
        Contract.objects.filter(person_id__in=ends)
        .order_by("person_id", "-end_date", "-start_date", "-pk")
        .values_list("person_id", "end_date", "promotion_id")
    ):
        if end == ends[person_id]:
            promotions.setdefault(person_id, promotion_id)
    sent = set(
        AlumniPath.objects.filter(person_id__in=ends).values_list(
            "person_id", "contract_end", "wave"
        )
    )
    due = []
    for person_id, end in sorted(ends.items()):
        wave = wave_due(contract_end=end, today=today)
        if wave is not None and (person_id, end, wave) not in sent:
            due.append((person_id, end, promotions[person_id], wave))
    return due


@transaction.atomic
def _survey_send(
    person_id: int, contract_end: datetime.date, promotion_id: int, wave: SurveyWave
) -> bool:
    # The person's row is the lock: two runs at once wait for each other here, and an
    # erasure (which locks it too) cannot slip between the check and the e-mail.
    person = User.objects.select_for_update(of=("self",)).get(pk=person_id)
    if not person.is_active or is_erased(person):
        return False
    try:
        with transaction.atomic():
            survey, created = AlumniPath.objects.get_or_create(
                person=person,
                contract_end=contract_end,
                wave=wave,
                defaults={"promotion_id": promotion_id, "token": survey_token()},
            )
    except IntegrityError:
        # Another run created it between our read and our write (without the lock,
        # e.g. a database that ignores row locks): it is sent, by that run.
        return False
    if not created:
        return False
    event_record(subject=survey, by=None, action=HistoryAction.ALUMNI_SURVEY_SENT)
    email_queue(to=person.email, template=SURVEY_TEMPLATE, context=_email_context(survey))
    return True


def _email_context(survey: AlumniPath) -> dict[str, Any]:
    return {"survey": survey, "url": survey_url(survey), "reminder_after": REMINDER_AFTER.days}


def alumni_surveys_send(*, today: datetime.date | None = None) -> int:
    """Send the surveys due ``today`` (default: today). Returns how many were sent; a
    second run the same day, or an overlapping one, sends nothing more."""
    day = today or timezone.localdate()
    return sum(
        _survey_send(person_id, end, promotion_id, wave)
        for person_id, end, promotion_id, wave in _alumni_to_survey(day)
    )


# Reminders


def _reminders_due(today: datetime.date) -> QuerySet[AlumniPath]:
    # Sent on (today - 14 days) or before, in local time.
    day_after = today - REMINDER_AFTER + datetime.timedelta(days=1)
    sent_before = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))
    return AlumniPath.objects.filter(
        answer="",
        reminded_at__isnull=True,
        sent_at__lt=sent_before,
        person__is_active=True,
    ).exclude(person__email__iendswith=f"@{ANONYMOUS_DOMAIN}")


@transaction.atomic
def _reminder_send(survey_id: int) -> bool:
    # The conditional UPDATE says who won: an overlapping run updates nothing.
    claimed = AlumniPath.objects.filter(
        pk=survey_id, answer="", reminded_at__isnull=True, person__isnull=False
    ).update(reminded_at=timezone.now())
    if not claimed:
        return False
    survey = AlumniPath.objects.select_related("person", "promotion").get(pk=survey_id)
    person = cast("User", survey.person)  # the UPDATE's condition: it is set
    event_record(subject=survey, by=None, action=HistoryAction.ALUMNI_SURVEY_REMINDED)
    email_queue(to=person.email, template=REMINDER_TEMPLATE, context=_email_context(survey))
    return True


def alumni_survey_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind once the surveys unanswered ``REMINDER_AFTER`` after they were sent.
    Returns how many reminders were sent."""
    day = today or timezone.localdate()
    survey_ids = list(_reminders_due(day).order_by("pk").values_list("pk", flat=True))
    return sum(_reminder_send(survey_id) for survey_id in survey_ids)


# The answer


@transaction.atomic
def alumni_survey_answer(*, survey: AlumniPath, answer: str) -> AlumniPath:
    """Record the answer of whoever holds the survey's link. Answering again replaces the
    answer: people move, the latest is the one counted."""
    if answer not in Workplace.values:
        raise DomainError(INVALID_ANSWER)
    locked = AlumniPath.objects.select_for_update(of=("self",)).get(pk=survey.pk)
    previous = locked.answer
    locked.answer = Workplace(answer)
    locked.answered_at = timezone.now()
    locked.full_clean(exclude=["person", "promotion"])
    locked.save(update_fields=["answer", "answered_at"])
    event_record(
        subject=locked,
        by=locked.person,
        action=HistoryAction.ALUMNI_SURVEY_ANSWERED,
        from_status=previous,
        to_status=locked.answer,
    )
    return locked


# Personal data


@transaction.atomic
def alumni_surveys_anonymise(user: User) -> int:
    """Detach the person's answer from them: it stays, anonymous, for the public figures.

    Only their latest answer is kept (``LATEST_ANSWER_FIRST``, the figures' rule): once
    anonymous, two answers of one person could no longer be told apart and would count as
    two respondents. Their other surveys, and the unanswered ones which carry no
    statistic, are deleted with their history. The kept survey's history lines lose their
    author, and its token changes so that the old e-mails' links stop working: nobody can
    change an anonymous answer any more. Returns the number of surveys kept (0 or 1)."""
    surveys = AlumniPath.objects.filter(person=user)
    latest = (
        surveys.exclude(answer="")
        .filter(answered_at__isnull=False)
        .order_by(*LATEST_ANSWER_FIRST)
        .values_list("pk", flat=True)
        .first()
    )
    survey_type = ContentType.objects.get_for_model(AlumniPath)
    dropped = surveys if latest is None else surveys.exclude(pk=latest)
    dropped_ids = list(dropped.values_list("pk", flat=True))
    Event.objects.filter(content_type=survey_type, object_id__in=dropped_ids).delete()
    AlumniPath.objects.filter(pk__in=dropped_ids).delete()
    if latest is None:
        return 0
    Event.objects.filter(content_type=survey_type, object_id=latest).update(actor=None)
    AlumniPath.objects.filter(pk=latest).update(person=None, token=survey_token())
    return 1


def alumni_surveys_erase(candidate: Candidate) -> None:
    """The eraser registered with ``eig.candidacies.privacy`` (see ``ImpactConfig``)."""
    alumni_surveys_anonymise(candidate.user)


def alumni_surveys_export(user: User) -> list[dict[str, Any]]:
    """The person's surveys for their data export ("Mes données")."""
    return [
        {
            "vague": str(survey.get_wave_display()),
            "fin_du_dernier_contrat": survey.contract_end.isoformat(),
            "envoyee_le": timezone.localtime(survey.sent_at).isoformat(),
            "relancee_le": timezone.localtime(survey.reminded_at).isoformat()
            if survey.reminded_at
            else None,
            "reponse": str(survey.get_answer_display()) if survey.answer else None,
            "repondue_le": timezone.localtime(survey.answered_at).isoformat()
            if survey.answered_at
            else None,
        }
        for survey in AlumniPath.objects.filter(person=user).order_by("sent_at", "pk")
    ]
