"""The alumni surveys' daily job and its management command (eig/impact/tasks.py)."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from eig.impact.models import AlumniPath
from eig.impact.tasks import ALUMNI_SURVEYS_CRON, alumni_surveys
from eig.notifications.models import Email
from tests.contracts.contracts import make_contract

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)
SIX_MONTHS_AFTER = datetime.date(2027, 7, 4)  # the contract ends on 4 January 2027
REMINDER_DAY = SIX_MONTHS_AFTER + datetime.timedelta(days=14)


def _morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _emails(template: str) -> int:
    return Email.objects.filter(template=template).count()


def test_the_job_runs_every_morning():
    assert ALUMNI_SURVEYS_CRON == "0 9 * * *"
    assert alumni_surveys.name == "impact.alumni_surveys"


def test_the_job_sends_the_surveys_then_the_reminders_once():
    make_contract(start=START)

    with time_machine.travel(_morning(SIX_MONTHS_AFTER), tick=False):
        assert alumni_surveys(timestamp=int(_morning(SIX_MONTHS_AFTER).timestamp())) == 1
        assert alumni_surveys() == 0
    with time_machine.travel(_morning(REMINDER_DAY), tick=False):
        assert alumni_surveys() == 1  # the reminder
        assert alumni_surveys() == 0

    assert _emails("alumni_survey") == 1
    assert _emails("alumni_survey_reminder") == 1


def test_the_command_runs_the_same_and_is_idempotent(capsys):
    make_contract(start=START)

    with time_machine.travel(_morning(SIX_MONTHS_AFTER), tick=False):
        call_command("send_alumni_surveys", "--date", SIX_MONTHS_AFTER.isoformat())
        call_command("send_alumni_surveys", "--date", SIX_MONTHS_AFTER.isoformat())
    out = capsys.readouterr().out
    assert "1 enquête(s) envoyée(s), 0 relance(s)" in out
    assert "0 enquête(s) envoyée(s), 0 relance(s)" in out

    with time_machine.travel(_morning(REMINDER_DAY), tick=False):
        call_command("send_alumni_surveys")  # today, by default
        call_command("send_alumni_surveys")
        assert alumni_surveys() == 0  # the job finds nothing more either

    assert "0 enquête(s) envoyée(s), 1 relance(s)" in capsys.readouterr().out
    assert AlumniPath.objects.count() == 1
    assert _emails("alumni_survey") == 1
    assert _emails("alumni_survey_reminder") == 1
