"""Renewal: reminders once per threshold, then staff renew (one year, linked) or end."""

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from eig.contracts.enums import RenewalDecision
from eig.contracts.models import Contract, RenewalReminder
from eig.contracts.services.contracts import contract_end, contract_renew, renewal_reminders_send
from eig.contracts.tasks import renewal_reminders
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from eig.programmes.models import PayGrid, PayLevel
from tests.contracts.accepted import accepted_contract
from tests.factories import AgentFactory, StaffFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 8, 31)


def _contract(**kwargs):
    contract = accepted_contract(start_date=START, **kwargs)
    AgentFactory(organisation=contract.challenge.organisation)
    Email.objects.all().delete()
    return contract


def _reminders() -> list[int]:
    return sorted(RenewalReminder.objects.values_list("days_before", flat=True))


def test_reminders_go_out_once_at_each_threshold_even_when_run_twice():
    contract = _contract()
    staff = StaffFactory()
    for days in (120, 91):
        assert renewal_reminders_send(today=END - datetime.timedelta(days=days)) == 0
    for days, expected in ((90, [90]), (89, [90]), (60, [60, 90]), (30, [30, 60, 90])):
        day = END - datetime.timedelta(days=days)
        renewal_reminders_send(today=day)
        renewal_reminders_send(today=day)
        assert _reminders() == expected
    recipients = set(
        Email.objects.filter(template="contract_renewal_reminder").values_list("to", flat=True)
    )
    agent = contract.challenge.organisation.memberships.get().user
    assert recipients == {contract.person.email, agent.email, staff.email}
    assert Email.objects.filter(template="contract_renewal_reminder", to=staff.email).count() == 3
    assert renewal_reminders_send(today=END + datetime.timedelta(days=1)) == 0


def test_a_missed_day_is_caught_up_with_the_nearest_threshold_only():
    _contract()
    renewal_reminders_send(today=END - datetime.timedelta(days=45))
    assert _reminders() == [60]


def test_no_reminder_once_decided():
    contract = _contract()
    with time_machine.travel(datetime.datetime(2027, 5, 1, 10, tzinfo=datetime.UTC)):
        contract_end(contract=contract, by=StaffFactory())
    assert renewal_reminders_send(today=END - datetime.timedelta(days=30)) == 0


def test_the_job_and_the_command_send_the_reminders_due_today():
    _contract()
    with time_machine.travel(datetime.datetime(2027, 6, 2, 8, tzinfo=datetime.UTC)):  # J-90
        assert renewal_reminders() == 1
        call_command("send_renewal_reminders")
    assert _reminders() == [90]


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), datetime.UTC))


def test_staff_renew_at_the_same_level_for_one_year():
    contract = _contract(experience=3)
    staff = StaffFactory()
    with _on(datetime.date(2027, 7, 1)):
        renewal = contract_renew(contract=contract, level=1, comment="Très bon bilan", by=staff)
    contract.refresh_from_db()
    assert contract.renewal_decision == RenewalDecision.RENEWED
    assert contract.renewal_decided_by == staff
    assert renewal.renewal_of == contract
    assert (renewal.start_date, renewal.end_date) == (
        datetime.date(2027, 9, 1),
        datetime.date(2028, 8, 31),
    )
    assert (renewal.level, renewal.monthly_net, renewal.variable_rate) == (
        1,
        Decimal("4250.00"),
        Decimal("6.00"),
    )
    assert renewal.person == contract.person
    assert event_list_for(contract).filter(action=HistoryAction.CONTRACT_RENEWED).count() == 1
    assert event_list_for(renewal).filter(action=HistoryAction.CONTRACT_CREATED).count() == 1
    assert Email.objects.filter(template="contract_renewed").count() == 3


def test_a_renewal_takes_the_grid_in_force_at_the_decision():
    contract = _contract(experience=3)
    newer = PayGrid.objects.create(
        programme=contract.promotion.programme,
        valid_from=datetime.date(2027, 1, 1),
        name="Grille 2027",
    )
    PayLevel.objects.create(
        grid=newer, level=1, monthly_net="4400.00", variable_rate="6.00", min_experience_years=0
    )
    PayLevel.objects.create(
        grid=newer, level=2, monthly_net="5200.00", variable_rate="10.00", min_experience_years=10
    )
    with _on(datetime.date(2027, 7, 1)):
        renewal = contract_renew(
            contract=contract, level=2, reason="Responsabilités élargies", by=StaffFactory()
        )
    assert (renewal.level, renewal.monthly_net) == (2, Decimal("5200.00"))
    assert renewal.level_change_reason == "Responsabilités élargies"
    contract.refresh_from_db()
    assert contract.monthly_net == Decimal("4250.00")


def test_changing_level_needs_a_reason():
    contract = _contract(experience=3)
    with _on(datetime.date(2027, 7, 1)), pytest.raises(DomainError, match="raison"):
        contract_renew(contract=contract, level=2, reason="  ", by=StaffFactory())
    contract.refresh_from_db()
    assert contract.renewal_decision == RenewalDecision.PENDING
    assert Contract.objects.count() == 1


def test_a_contract_cannot_be_renewed_twice():
    contract = _contract()
    staff = StaffFactory()
    with _on(datetime.date(2027, 7, 1)):
        contract_renew(contract=contract, level=1, by=staff)
        with pytest.raises(DomainError, match="déjà été décidé"):
            contract_renew(contract=contract, level=1, by=staff)
        with pytest.raises(DomainError, match="déjà été décidé"):
            contract_end(contract=contract, by=staff)
    assert Contract.objects.count() == 2


def test_a_contract_cannot_be_renewed_after_its_end():
    contract = _contract()
    with (
        _on(END + datetime.timedelta(days=1)),
        pytest.raises(DomainError, match="pris fin le 31/08/2027"),
    ):
        contract_renew(contract=contract, level=1, by=StaffFactory())
    with _on(END):
        contract_renew(contract=contract, level=1, by=StaffFactory())


def test_only_staff_decide():
    contract = _contract()
    with _on(datetime.date(2027, 7, 1)), pytest.raises(DomainError, match="équipe du programme"):
        contract_end(contract=contract, by=contract.person)


def test_staff_end_a_contract():
    contract = _contract()
    with _on(datetime.date(2027, 7, 1)):
        contract_end(contract=contract, comment="Fin du défi", by=StaffFactory())
    contract.refresh_from_db()
    assert contract.renewal_decision == RenewalDecision.ENDED
    assert contract.renewal_comment == "Fin du défi"
    assert Email.objects.filter(template="contract_ended").count() == 3


def test_the_renewal_form_renews_and_shows_refusals(client):
    contract = _contract(experience=3)
    url = reverse("contracts:renew", args=[contract.pk])
    with _on(datetime.date(2027, 7, 1)):
        client.force_login(StaffFactory())
        refused = client.post(url, {"level": "2", "reason": "", "comment": "Bilan"})
        assert refused.status_code == 200
        assert "Indiquez la raison du changement de niveau." in refused.content.decode()
        assert refused.context["renew_form"]["comment"].value() == "Bilan"
        response = client.post(url, {"level": "1", "reason": "", "comment": ""})
    renewal = Contract.objects.get(renewal_of=contract)
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:detail", args=[renewal.pk])


def test_the_end_form(client):
    contract = _contract()
    with _on(datetime.date(2027, 7, 1)):
        client.force_login(StaffFactory())
        response = client.post(reverse("contracts:end", args=[contract.pk]), {"end-comment": "Fin"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.renewal_decision, contract.renewal_comment) == (RenewalDecision.ENDED, "Fin")


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_staff_renewing_at_once_make_one_renewal():
    contract = accepted_contract(start_date=timezone.localdate())
    staff = [StaffFactory(), StaffFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def renew(by) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(contract_renew(contract=contract, level=1, by=by))
        except DomainError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=renew, args=(person,)) for person in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(outcomes) == 2
    assert len(refused) == 1
    assert "déjà été décidé" in refused[0].message
    assert Contract.objects.filter(renewal_of=contract).count() == 1
