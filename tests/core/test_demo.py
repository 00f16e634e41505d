from io import StringIO

from django.core.management import call_command

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.models import Event
from eig.organisations.models import Organisation


def _counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Challenge.objects.count(),
        Candidacy.objects.count(),
        Event.objects.count(),
    )


def test_the_demo_data_covers_every_role_and_loads_twice_without_change(db):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Challenge.objects.filter(status=ChallengeStatus.RECRUITING).count() == 2
    assert Challenge.objects.filter(status=ChallengeStatus.DRAFT).count() == 1
    assert Candidacy.objects.get().status == CandidacyStatus.SUBMITTED


def test_the_demo_shows_a_running_defi_measured_and_a_completed_one_with_its_outcome(db):
    call_command("seed_demo")

    running = Challenge.objects.get(status=ChallengeStatus.RUNNING)
    assert running.indicators.get().measurements.count() == 3
    completed = Challenge.objects.get(status=ChallengeStatus.COMPLETED)
    assert completed.outcome == "carried_on"
    assert completed.outcome_text


def first_step():
    return "premier pas"


def silent_step():
    return None


def second_step():
    return "second pas"


def test_seed_demo_runs_the_steps_the_setting_lists_in_their_order(db, settings):
    settings.EIG_DEMO_STEPS = [
        "tests.core.test_demo.first_step",
        "tests.core.test_demo.silent_step",
        "tests.core.test_demo.second_step",
    ]
    output = StringIO()

    call_command("seed_demo", stdout=output)

    assert (
        output.getvalue().strip() == "Données de démonstration prêtes : premier pas ; second pas."
    )
    assert User.objects.count() == 0
