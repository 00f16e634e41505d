"""The nightly anonymisation: the job and the command run the same idempotent service."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from eig.candidacies.tasks import ANONYMISE_EXPIRED_CRON, anonymise_expired
from tests.candidacies.applications import application
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _withdrawn_on(day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return application(round_=RoundFactory(), status="withdrawn", withdrawn_at=moment)


def test_the_job_runs_every_night():
    assert ANONYMISE_EXPIRED_CRON == "30 3 * * *"
    assert anonymise_expired.name == "candidacies.anonymise_expired"


@time_machine.travel(datetime.datetime(2030, 6, 1, 3, 30, tzinfo=datetime.UTC), tick=False)
def test_the_job_anonymises_the_expired_candidates_once():
    expired = _withdrawn_on(datetime.date(2030, 1, 15))
    recent = _withdrawn_on(datetime.date(2030, 5, 1))

    assert anonymise_expired(timestamp=0) == 1
    assert anonymise_expired(timestamp=0) == 0

    expired.refresh_from_db()
    recent.refresh_from_db()
    assert expired.anonymised_at is not None
    assert recent.anonymised_at is None


def test_the_command_prints_what_it_did(capsys):
    expired = _withdrawn_on(datetime.date(2030, 1, 15))

    call_command("anonymise_expired_candidacies", "--date", "2030-06-01")
    first = capsys.readouterr().out
    call_command("anonymise_expired_candidacies", "--date", "2030-06-01")
    second = capsys.readouterr().out

    assert "Conservation : 3 mois après la décision, 24 mois après le dernier contact" in first
    assert "1 candidat·e(s) anonymisé·e(s) le 01/06/2030." in first
    assert f"- profil n° {expired.candidate_id}" in first
    assert "0 candidat·e(s) anonymisé·e(s)" in second
