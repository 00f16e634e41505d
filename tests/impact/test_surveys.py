"""The alumni surveys (eig/impact/surveys.py): sent 6 and 12 months after an EIG's last
contract ended, reminded once, answered from the link, kept anonymous after erasure."""

import datetime
import json
import threading
import zipfile

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from eig.candidacies.privacy import account_erase, personal_data_export
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.impact.enums import SurveyWave, Workplace
from eig.impact.models import AlumniPath
from eig.impact.surveys import (
    REMINDER_AFTER,
    alumni_survey_answer,
    alumni_survey_reminders_send,
    alumni_surveys_send,
    wave_due,
)
from eig.notifications.models import Email
from tests.contracts.contracts import make_contract
from tests.factories import AlumniPathFactory, CandidateProfileFactory, PromotionFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)
END = datetime.date(2027, 1, 4)  # the contract made by make_contract(start=START)
SIX_MONTHS_AFTER = datetime.date(2027, 7, 4)
TWELVE_MONTHS_AFTER = datetime.date(2028, 1, 4)


def _day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


def _surveys_emails():
    return Email.objects.filter(template="alumni_survey")


def _reminder_emails():
    return Email.objects.filter(template="alumni_survey_reminder")


def _renewal(contract, *, end: datetime.date, promotion=None):
    renewal = make_contract(
        candidacy=contract.candidacy,
        promotion=promotion or contract.promotion,
        start=contract.end_date + datetime.timedelta(days=1),
        end=end,
    )
    renewal.renewal_of = contract
    renewal.save(update_fields=["renewal_of"])
    return renewal


# Which wave is due


@pytest.mark.parametrize(
    ("end", "today", "expected"),
    [
        (END, END + datetime.timedelta(days=1), None),
        (END, _day_before(SIX_MONTHS_AFTER), None),
        (END, SIX_MONTHS_AFTER, SurveyWave.SIX_MONTHS),
        (END, _day_before(TWELVE_MONTHS_AFTER), SurveyWave.SIX_MONTHS),
        (END, TWELVE_MONTHS_AFTER, SurveyWave.TWELVE_MONTHS),
        (END, datetime.date(2031, 1, 1), SurveyWave.TWELVE_MONTHS),
        # A month shorter than the end's day: the month's last day.
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 27), None),
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 28), SurveyWave.SIX_MONTHS),
    ],
)
def test_the_wave_due_counts_months_from_the_end_of_the_last_contract(end, today, expected):
    assert wave_due(contract_end=end, today=today) == expected


# Sending


def test_nothing_is_sent_before_six_months_nor_while_under_contract():
    contract = make_contract(start=START)
    _renewal(contract, end=datetime.date(2028, 1, 4))

    assert alumni_surveys_send(today=_day_before(SIX_MONTHS_AFTER)) == 0
    # Six months after the first contract, but the renewal is still running.
    assert alumni_surveys_send(today=SIX_MONTHS_AFTER) == 0
    assert alumni_surveys_send(today=TWELVE_MONTHS_AFTER) == 0
    assert not AlumniPath.objects.exists()
    assert not _surveys_emails().exists()


def test_six_months_after_the_last_contract_the_wave_6_survey_is_sent():
    contract = make_contract(start=START)

    assert alumni_surveys_send(today=SIX_MONTHS_AFTER) == 1

    survey = AlumniPath.objects.get()
    assert survey.person == contract.person
    assert survey.wave == SurveyWave.SIX_MONTHS
    assert survey.contract_end == END
    assert survey.promotion == contract.promotion
    assert len(survey.token) >= 40
    assert survey.answer == ""
    email = _surveys_emails().get()
    assert email.to == contract.person.email
    link = settings.SITE_URL + reverse("impact:survey", kwargs={"token": survey.token})
    assert link in email.body_text
    assert link in email.body_html
    assert "10 secondes" in email.body_text
    assert "4 janvier 2027" in email.body_text
    assert "chiffres d’impact" in email.body_text
    assert event_list_for(survey).filter(action=HistoryAction.ALUMNI_SURVEY_SENT).exists()


def test_twelve_months_after_the_wave_12_survey_follows():
    make_contract(start=START)
    alumni_surveys_send(today=SIX_MONTHS_AFTER)

    assert alumni_surveys_send(today=TWELVE_MONTHS_AFTER) == 1

    assert sorted(AlumniPath.objects.values_list("wave", flat=True)) == [6, 12]
    assert _surveys_emails().count() == 2
    assert "Un an" in _surveys_emails().order_by("-pk").first().subject


def test_wave_6_is_skipped_once_wave_12_is_due():
    make_contract(start=START)

    assert alumni_surveys_send(today=TWELVE_MONTHS_AFTER) == 1

    assert list(AlumniPath.objects.values_list("wave", flat=True)) == [12]


def test_a_renewed_contract_counts_from_the_end_of_the_renewal():
    contract = make_contract(start=START)
    renewal_promotion = PromotionFactory(programme=contract.promotion.programme)
    renewal = _renewal(contract, end=datetime.date(2028, 1, 4), promotion=renewal_promotion)

    assert alumni_surveys_send(today=datetime.date(2028, 7, 3)) == 0
    assert alumni_surveys_send(today=datetime.date(2028, 7, 4)) == 1

    survey = AlumniPath.objects.get()
    assert survey.contract_end == renewal.end_date
    assert survey.wave == SurveyWave.SIX_MONTHS
    assert survey.promotion == renewal_promotion


def test_running_twice_sends_each_survey_once():
    make_contract(start=START)
    make_contract(start=datetime.date(2026, 2, 1))

    assert alumni_surveys_send(today=datetime.date(2027, 8, 1)) == 2
    assert alumni_surveys_send(today=datetime.date(2027, 8, 1)) == 0
    assert alumni_surveys_send(today=datetime.date(2027, 9, 1)) == 0

    assert AlumniPath.objects.count() == 2
    assert _surveys_emails().count() == 2


def test_an_erased_or_deactivated_account_gets_nothing():
    erased = make_contract(start=START)
    erased.person.email = "supprime-1@anonyme.invalid"
    erased.person.save(update_fields=["email"])
    inactive = make_contract(start=START)
    inactive.person.is_active = False
    inactive.person.save(update_fields=["is_active"])

    assert alumni_surveys_send(today=SIX_MONTHS_AFTER) == 0
    assert not AlumniPath.objects.exists()


@pytest.mark.parametrize("alumni", [2, 6])
def test_finding_who_is_owed_a_survey_takes_three_queries_whatever_the_volume(
    alumni, django_assert_num_queries
):
    for _ in range(alumni):
        make_contract(start=START)
    alumni_surveys_send(today=SIX_MONTHS_AFTER)
    make_contract(start=datetime.date(2026, 6, 1))  # not due yet

    with django_assert_num_queries(3):
        assert alumni_surveys_send(today=SIX_MONTHS_AFTER) == 0


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_survey_once():
    for _ in range(3):
        make_contract(start=START)
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(alumni_surveys_send(today=SIX_MONTHS_AFTER))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sum(results) == 3
    assert AlumniPath.objects.count() == 3
    assert _surveys_emails().count() == 3


# Reminders


def _sent_survey(**kwargs):
    make_contract(start=START)
    alumni_surveys_send(today=SIX_MONTHS_AFTER)
    survey = AlumniPath.objects.get()
    sent_at = timezone.make_aware(datetime.datetime.combine(SIX_MONTHS_AFTER, datetime.time(9)))
    AlumniPath.objects.filter(pk=survey.pk).update(sent_at=sent_at, **kwargs)
    survey.refresh_from_db()
    return survey


def test_an_unanswered_survey_is_reminded_once_after_14_days():
    survey = _sent_survey()
    reminder_day = SIX_MONTHS_AFTER + REMINDER_AFTER
    assert datetime.timedelta(days=14) == REMINDER_AFTER

    assert alumni_survey_reminders_send(today=_day_before(reminder_day)) == 0
    assert alumni_survey_reminders_send(today=reminder_day) == 1
    assert alumni_survey_reminders_send(today=reminder_day) == 0
    assert alumni_survey_reminders_send(today=reminder_day + datetime.timedelta(days=30)) == 0

    survey.refresh_from_db()
    assert survey.reminded_at is not None
    email = _reminder_emails().get()
    assert email.to == survey.person.email
    assert reverse("impact:survey", kwargs={"token": survey.token}) in email.body_text
    assert event_list_for(survey).filter(action=HistoryAction.ALUMNI_SURVEY_REMINDED).count() == 1


def test_an_answered_survey_is_never_reminded():
    _sent_survey(answer=Workplace.PUBLIC_SECTOR, answered_at=timezone.now())

    assert alumni_survey_reminders_send(today=SIX_MONTHS_AFTER + REMINDER_AFTER) == 0
    assert not _reminder_emails().exists()


def test_an_erased_person_is_not_reminded():
    survey = _sent_survey()
    survey.person.is_active = False
    survey.person.save(update_fields=["is_active"])

    assert alumni_survey_reminders_send(today=SIX_MONTHS_AFTER + REMINDER_AFTER) == 0


# Answering


def test_answering_records_the_answer_and_its_history():
    survey = AlumniPathFactory()

    answered = alumni_survey_answer(survey=survey, answer=Workplace.PUBLIC_SECTOR)

    survey.refresh_from_db()
    assert survey.answer == Workplace.PUBLIC_SECTOR
    assert survey.answered_at is not None
    assert answered.pk == survey.pk
    event = event_list_for(survey).get(action=HistoryAction.ALUMNI_SURVEY_ANSWERED)
    assert event.actor == survey.person
    assert (event.from_status, event.to_status) == ("", Workplace.PUBLIC_SECTOR)


def test_answering_again_changes_the_answer():
    survey = AlumniPathFactory()
    alumni_survey_answer(survey=survey, answer=Workplace.PUBLIC_SECTOR)

    alumni_survey_answer(survey=survey, answer=Workplace.OWN_VENTURE)

    survey.refresh_from_db()
    assert survey.answer == Workplace.OWN_VENTURE
    assert event_list_for(survey).filter(action=HistoryAction.ALUMNI_SURVEY_ANSWERED).count() == 2


def test_an_unknown_answer_is_refused_in_french():
    survey = AlumniPathFactory()

    with pytest.raises(DomainError, match="Choisissez"):
        alumni_survey_answer(survey=survey, answer="astronaut")

    survey.refresh_from_db()
    assert survey.answer == ""


# Personal data


def test_erasure_keeps_the_answer_without_the_person():
    survey = AlumniPathFactory()
    alumni_survey_answer(survey=survey, answer=Workplace.PRIVATE_SECTOR)
    person = survey.person
    old_token = survey.token
    CandidateProfileFactory(user=person)  # erasure runs the erasers on the profile

    account_erase(user=person, by=person)

    survey.refresh_from_db()
    assert survey.person is None
    # The old e-mail's link no longer opens the anonymous survey.
    assert survey.token != old_token
    assert survey.answer == Workplace.PRIVATE_SECTOR
    assert AlumniPath.objects.filter(answer=Workplace.PRIVATE_SECTOR).count() == 1
    assert not event_list_for(survey).filter(actor=person).exists()


def test_erasure_keeps_only_the_latest_answer_so_the_person_counts_once():
    person = make_contract(start=START).person
    promotion = PromotionFactory()
    now = timezone.now()
    earlier_end = datetime.date(2025, 1, 31)

    def survey(wave, *, end=END, answer="", days_ago=None):
        return AlumniPathFactory(
            person=person,
            promotion=promotion,
            wave=wave,
            contract_end=end,
            answer=answer,
            answered_at=None if days_ago is None else now - datetime.timedelta(days=days_ago),
        )

    six = survey(6, answer=Workplace.PRIVATE_SECTOR, days_ago=1)  # answered last...
    twelve = survey(12, end=earlier_end, answer=Workplace.PUBLIC_SECTOR, days_ago=30)
    older_twelve = survey(12, answer=Workplace.OTHER, days_ago=60)
    unanswered = survey(6, end=earlier_end)
    alumni_survey_answer(survey=twelve, answer=Workplace.PUBLIC_SECTOR)  # with its history
    alumni_survey_answer(survey=six, answer=Workplace.PRIVATE_SECTOR)
    old_token = AlumniPath.objects.get(pk=twelve.pk).token
    other = AlumniPathFactory(answer=Workplace.OTHER, answered_at=now)  # someone else's

    account_erase(user=person, by=person)

    # ...but the 12-month wave wins, then the latest answer: one survey is kept.
    [kept] = AlumniPath.objects.exclude(pk=other.pk)
    assert kept.pk == twelve.pk
    assert kept.person is None
    assert kept.answer == Workplace.PUBLIC_SECTOR
    assert kept.token != old_token
    assert not AlumniPath.objects.filter(pk__in=[six.pk, older_twelve.pk, unanswered.pk])
    assert not event_list_for(kept).filter(actor=person).exists()
    assert event_list_for(kept).filter(action=HistoryAction.ALUMNI_SURVEY_ANSWERED).exists()
    survey_events = Event.objects.filter(content_type=ContentType.objects.get_for_model(kept))
    assert set(survey_events.values_list("object_id", flat=True)) == {kept.pk}
    assert AlumniPath.objects.get(pk=other.pk).person is not None


def test_erasing_someone_who_never_answered_deletes_their_surveys():
    survey = AlumniPathFactory()
    AlumniPathFactory(person=survey.person, wave=12)
    CandidateProfileFactory(user=survey.person)

    account_erase(user=survey.person, by=survey.person)

    assert not AlumniPath.objects.exists()


def test_the_surveys_are_in_the_personal_data_export():
    survey = AlumniPathFactory(contract_end=END)
    alumni_survey_answer(survey=survey, answer=Workplace.PUBLIC_SECTOR)

    with zipfile.ZipFile(personal_data_export(user=survey.person)) as archive:
        document = json.loads(archive.read("data.json"))

    [exported] = document["enquetes_alumni"]
    assert exported["vague"] == "6 mois après le programme"
    assert exported["fin_du_dernier_contrat"] == "2027-01-04"
    assert exported["reponse"] == "Dans le secteur public"
    assert exported["envoyee_le"]
    assert exported["repondue_le"]
