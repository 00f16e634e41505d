"""Contracts: an accepted offer creates one, with copied figures; the pages show them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.contracts.enums import RenewalDecision
from eig.contracts.models import Contract
from eig.contracts.services.contracts import contract_create_from_offer, contract_end_date
from eig.contracts.services.pay import variable_pay_record
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from tests.contracts.accepted import accepted_contract
from tests.contracts.contracts import make_contract
from tests.contracts.offers import eig_pay_grid
from tests.factories import CandidateFactory, ProgrammeFactory, PromotionFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31)),
        (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)),
        (datetime.date(2027, 3, 1), datetime.date(2028, 2, 29)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_a_contract_lasts_until_the_day_before_its_anniversary(start, end):
    assert contract_end_date(start) == end


def test_an_accepted_offer_creates_a_level_1_contract_with_copied_figures():
    contract = accepted_contract(experience=3, start_date=datetime.date(2026, 9, 1))
    offer = contract.offer
    assert contract.person == offer.candidacy.candidate.user
    assert (contract.challenge, contract.promotion, contract.candidacy) == (
        offer.challenge,
        offer.promotion,
        offer.candidacy,
    )
    assert (contract.start_date, contract.end_date) == (
        datetime.date(2026, 9, 1),
        datetime.date(2027, 8, 31),
    )
    assert contract.level == 1
    assert contract.monthly_net == Decimal("4250.00")
    assert contract.variable_rate == Decimal("6.00")
    assert contract.max_variable_yearly == Decimal("3060.00")
    assert contract.renewal_decision == RenewalDecision.PENDING
    assert event_list_for(contract).get().action == HistoryAction.CONTRACT_CREATED


def test_a_level_2_contract():
    contract = accepted_contract(experience=12)
    assert (contract.level, contract.monthly_net, contract.variable_rate) == (
        2,
        Decimal("5000.00"),
        Decimal("10.00"),
    )
    assert contract.max_variable_yearly == Decimal("6000.00")


def test_creating_from_the_same_offer_again_returns_the_same_contract():
    contract = accepted_contract()
    again = contract_create_from_offer(offer=contract.offer, by=None)
    assert again.pk == contract.pk
    assert Contract.objects.count() == 1


def test_changing_the_grid_leaves_existing_contracts_unchanged():
    contract = accepted_contract(experience=3)
    level_1, _ = eig_pay_grid()
    level_1.monthly_net = Decimal("9999.00")
    level_1.variable_rate = Decimal("20.00")
    level_1.save()
    contract.refresh_from_db()
    assert (contract.monthly_net, contract.variable_rate) == (Decimal("4250.00"), Decimal("6.00"))
    assert contract.max_variable_yearly == Decimal("3060.00")


def test_mon_contrat_lists_only_the_person_s_contracts(client):
    contract = accepted_contract()
    accepted_contract()  # someone else's
    client.force_login(contract.person)
    response = client.get(reverse("contracts:mine"))
    assert response.status_code == 200
    assert list(response.context["contracts"]) == [contract]
    assert "Le renouvellement n’est pas encore décidé" in response.content.decode()
    assert "4\u202f250,00\u00a0€" in response.content.decode()


def test_mon_contrat_without_a_contract(client):
    client.force_login(CandidateFactory())
    response = client.get(reverse("contracts:mine"))
    assert "Vous n’avez pas de contrat de projet." in response.content.decode()


def test_staff_list_groups_by_promotion_ending_soon_first(client, django_assert_max_num_queries):
    late = accepted_contract(start_date=datetime.date(2026, 12, 1))
    promotion = late.promotion
    soon = accepted_contract(start_date=datetime.date(2026, 9, 1), promotion=promotion)
    other = accepted_contract(promotion=PromotionFactory(programme=promotion.programme))
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("contracts:list"))
    groups = dict(response.context["groups"])
    assert groups[promotion] == [soon, late]
    assert groups[other.promotion] == [other]
    filtered = client.get(reverse("contracts:list"), {"promotion": promotion.pk})
    assert [p for p, _ in filtered.context["groups"]] == [promotion]


def test_staff_detail_shows_the_history(client):
    contract = accepted_contract()
    client.force_login(StaffFactory())
    response = client.get(reverse("contracts:detail", args=[contract.pk]))
    assert response.status_code == 200
    assert [line["label"] for line in response.context["history"]] == ["Contrat créé"]


def test_mon_contrat_has_a_breadcrumb_back_to_my_space(client):
    contract = accepted_contract()
    client.force_login(contract.person)

    page = client.get(reverse("contracts:mine")).content.decode()

    assert 'class="fr-breadcrumb"' in page
    assert f'href="{reverse("accounts:dashboard")}">Mon espace</a>' in page
    assert 'aria-current="page">Mon contrat</a>' in page


def test_the_contract_page_leads_to_its_variable_part(client):
    contract = accepted_contract()
    staff = StaffFactory()
    client.force_login(staff)
    variable_url = reverse("pay:variable", kwargs={"pk": contract.pk})

    before = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    variable_pay_record(contract=contract, achievement=Decimal(50), by=staff)
    after = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()

    assert f'href="{variable_url}">Enregistrer la part variable</a>' in before
    assert "Pas encore enregistrée" in before
    assert f'href="{variable_url}">Voir la part variable</a>' in after
    assert "1\u202f530,00\u00a0€" in after  # 6 % × 12 × 4 250 € × 50 %


def test_the_variable_part_leads_back_to_its_contract(client):
    contract = accepted_contract()
    client.force_login(StaffFactory())

    page = client.get(reverse("pay:variable", kwargs={"pk": contract.pk})).content.decode()

    contract_url = reverse("contracts:detail", args=[contract.pk])
    assert f'href="{contract_url}">Retour au contrat</a>' in page
    assert f'href="{contract_url}">Contrat de {contract.person}</a>' in page


def test_only_staff_see_the_contract_pages(client):
    contract = accepted_contract()
    client.force_login(contract.person)
    assert client.get(reverse("contracts:list")).status_code == 403
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 403


def test_staff_list_pages_through_the_contracts_and_counts_each_promotion_whole(
    client, settings, django_assert_num_queries
):
    settings.PAGE_SIZE = 2
    promotion = PromotionFactory(programme=ProgrammeFactory())
    make_contract(promotion=promotion)
    client.force_login(StaffFactory())
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("contracts:list"))
    assert 'class="fr-pagination"' not in response.content.decode()

    for _index in range(2):
        make_contract(promotion=promotion)
    make_contract(promotion=PromotionFactory(programme=promotion.programme, year=1999))
    with django_assert_num_queries(len(small)):
        first = client.get(reverse("contracts:list"))
    second = client.get(reverse("contracts:list"), {"page": 2})
    filtered = client.get(reverse("contracts:list"), {"promotion": promotion.pk, "page": 2})

    assert sum(len(items) for _promotion, items in first.context["groups"]) == 2
    assert 'class="fr-pagination"' in first.content.decode()
    assert "3 contrats, fin la plus proche en premier" in first.content.decode()
    assert [len(items) for _promotion, items in second.context["groups"]] == [1, 1]
    assert "3 contrats, fin la plus proche en premier" in second.content.decode()
    assert [p for p, _items in filtered.context["groups"]] == [promotion]
    assert f"promotion={promotion.pk}&amp;page=1" in filtered.content.decode()
    assert first.content.decode().count("<td>À décider</td>") == 2
