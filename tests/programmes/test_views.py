import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.programmes.models import PayGrid, Promotion, Round
from tests.factories import (
    CriterionFactory,
    PayGridFactory,
    PayLevelFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoundFactory,
    ScoringGridFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_from_today(days):
    return (TODAY + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def staff_client(client, staff, programme):
    client.force_login(staff)
    return client


def round_data(**overrides):
    data = {
        "number": 9,
        "opens_on": "2027-01-01",
        "challenge_deadline": "2027-01-22",
        "application_deadline": "2027-02-05",
        "committee_on": "2027-02-19",
        "starts_on": "2027-03-01",
        "anonymous_file_review": "on",
    }
    return {**data, **overrides}


# Access


def test_anonymous_visitors_are_sent_to_sign_in(client, programme):
    response = client.get(reverse("programmes:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["candidate", "agent", "reviewer", "coach"])
def test_only_the_programme_team_may_change_settings(client, programme, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("programmes:index")).status_code == 403
    response = client.post(reverse("programmes:settings_edit"), {"max_choices": 9})
    assert response.status_code == 403


# Index and settings


def test_the_index_shows_the_settings_in_force(staff_client, programme):
    PayLevelFactory(grid__programme=programme, grid__valid_from=datetime.date(2020, 1, 1))

    response = staff_client.get(reverse("programmes:index"))

    assert response.status_code == 200
    assert "Réglages généraux" in response.text


def test_settings_edit_saves_through_the_service(staff_client, programme, staff):
    response = staff_client.post(
        reverse("programmes:settings_edit"),
        {
            "max_choices": 4,
            "reviews_per_candidacy": 3,
            "retention_unsuccessful_months": 2,
            "retention_consent_months": 12,
            "impact_min_answers": 20,
        },
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.max_choices, programme.retention_consent_months) == (4, 12)
    assert programme.impact_min_answers == 20
    assert event_list_for(programme).get().actor == staff


def test_settings_edit_explains_a_retention_too_long(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:settings_edit"),
        {
            "max_choices": 3,
            "reviews_per_candidacy": 2,
            "retention_unsuccessful_months": 6,
            "retention_consent_months": 24,
            "impact_min_answers": 10,
        },
    )

    assert response.status_code == 200
    assert "Au plus 3 mois après la décision" in response.text
    assert (
        'aria-describedby="id_retention_unsuccessful_months_helptext '
        'id_retention_unsuccessful_months_error"' in response.text
    )


# Promotions and rounds


def test_promotion_create_then_detail(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:promotion_create"),
        {"number": 60, "label": "60e promotion", "year": 2070, "cap": 30},
    )

    promotion = Promotion.objects.get(number=60)
    assert response["Location"] == reverse("programmes:promotion_detail", args=[promotion.pk])
    detail = staff_client.get(response["Location"])
    assert "Aucune session" in detail.text
    assert "Création" in detail.text


def test_promotion_cap_must_be_at_least_one(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:promotion_create"),
        {"number": 61, "label": "", "year": 2070, "cap": 0},
    )

    assert response.status_code == 200
    assert "supérieure ou égale à 1" in response.text
    assert not Promotion.objects.filter(number=61).exists()


def test_promotion_edit_shows_its_history(staff_client, programme):
    promotion = PromotionFactory(programme=programme, cap=30)

    staff_client.post(
        reverse("programmes:promotion_edit", args=[promotion.pk]),
        {"number": promotion.number, "label": promotion.label, "year": promotion.year, "cap": 25},
    )
    response = staff_client.get(reverse("programmes:promotion_edit", args=[promotion.pk]))

    assert "Nombre maximal d’eig : 30 → 25" in response.text


def test_round_create_says_which_date_is_out_of_order_and_keeps_the_input(staff_client, programme):
    promotion = PromotionFactory(programme=programme)

    response = staff_client.post(
        reverse("programmes:round_create", args=[promotion.pk]),
        round_data(starts_on="2027-02-01"),
    )

    assert response.status_code == 200
    assert (
        "La prise de poste doit avoir lieu le jour du comité de sélection ou après."
        in response.text
    )
    assert 'value="2027-02-01"' in response.text
    assert not Round.objects.filter(promotion=promotion).exists()


def test_round_create_and_edit(staff_client, programme):
    promotion = PromotionFactory(programme=programme)

    staff_client.post(reverse("programmes:round_create", args=[promotion.pk]), round_data())
    created = Round.objects.get(promotion=promotion, number=9)
    response = staff_client.post(
        reverse("programmes:round_edit", args=[created.pk]), round_data(committee_on="2027-02-20")
    )

    assert response.status_code == 302
    created.refresh_from_db()
    assert created.committee_on == datetime.date(2027, 2, 20)
    assert [e.action for e in event_list_for(created)] == [
        HistoryAction.CREATED,
        HistoryAction.UPDATED,
    ]


def test_round_generation_shows_what_it_will_create_before_confirming(staff_client, programme):
    promotion = PromotionFactory(programme=programme, year=2027)
    RoundFactory(promotion=promotion, number=1, opens_on=datetime.date(2027, 1, 1))
    url = reverse("programmes:rounds_generate", args=[promotion.pk])

    preview = staff_client.get(url, {"year": 2027})

    assert preview.text.count("Sera créée") == 5
    assert preview.text.count("Existe déjà") == 1
    assert "Créer les 5 sessions" in preview.text
    assert promotion.rounds.count() == 1

    response = staff_client.post(url, {"year": 2027})

    assert response.status_code == 302
    assert promotion.rounds.count() == 6
    again = staff_client.post(url, {"year": 2027}, follow=True)
    assert "rien n’a été créé" in again.text


def test_round_generation_rejects_an_impossible_year(staff_client, programme):
    promotion = PromotionFactory(programme=programme, year=2027)
    url = reverse("programmes:rounds_generate", args=[promotion.pk])

    too_old = staff_client.get(url, {"year": 1990})
    before = staff_client.post(url, {"year": 2026})

    assert "supérieure ou égale à 2016" in too_old.text
    assert before.status_code == 200
    assert "La promotion date de 2027 : choisissez 2027 ou une année suivante." in before.text
    assert not promotion.rounds.exists()


# Pay grids


def test_a_new_pay_grid_version_starts_from_the_levels_in_force(staff_client, programme):
    PayLevelFactory(
        grid__programme=programme, grid__valid_from=TODAY, monthly_net=Decimal("4321.00")
    )

    response = staff_client.get(reverse("programmes:pay_grid_create"))

    assert 'value="4321.00"' in response.text
    assert 'name="levels-TOTAL_FORMS" value="2"' in response.text


def pay_grid_post(valid_from, levels):
    data = {
        "name": "Grille nouvelle",
        "valid_from": valid_from,
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    for index, (net, rate, years) in enumerate(levels):
        data |= {
            f"levels-{index}-monthly_net": net,
            f"levels-{index}-variable_rate": rate,
            f"levels-{index}-min_experience_years": years,
        }
    return data


def test_pay_grid_create_adds_a_version(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:pay_grid_create"),
        pay_grid_post(
            days_from_today(30), [("4500.00", "6", "0"), ("5300", "10", "10"), ("", "", "")]
        ),
    )

    grid = PayGrid.objects.get(name="Grille nouvelle")
    assert response["Location"] == reverse("programmes:pay_grid_detail", args=[grid.pk])
    assert grid.levels.count() == 2
    detail = staff_client.get(response["Location"])
    assert "À venir" in detail.text
    assert "Modifier cette version à venir" in detail.text


def test_pay_grid_create_explains_its_refusals(staff_client, programme):
    past = staff_client.post(
        reverse("programmes:pay_grid_create"),
        pay_grid_post(days_from_today(-1), [("4500", "6", "0")]),
    )
    duplicate = staff_client.post(
        reverse("programmes:pay_grid_create"),
        pay_grid_post(days_from_today(30), [("4500", "6", "0"), ("5000", "10", "0")]),
    )

    assert "date passée" in past.text
    assert "même nombre d’années" in duplicate.text
    assert not PayGrid.objects.filter(name="Grille nouvelle").exists()


def test_a_pay_grid_in_force_cannot_be_edited(staff_client, programme):
    grid = PayLevelFactory(grid__programme=programme, grid__valid_from=TODAY).grid

    response = staff_client.post(
        reverse("programmes:pay_grid_edit", args=[grid.pk]),
        pay_grid_post(days_from_today(60), [("9999", "6", "0")]),
        follow=True,
    )

    assert "ne se modifie plus" in response.text
    assert grid.levels.get().monthly_net == Decimal("4250.00")


def test_pay_grid_pages_show_the_maximum_variable_part_per_year(staff_client, programme):
    grid = PayLevelFactory(
        grid__programme=programme, monthly_net=Decimal("5000.00"), variable_rate=Decimal("10.00")
    ).grid

    detail = staff_client.get(reverse("programmes:pay_grid_detail", args=[grid.pk]))
    listing = staff_client.get(reverse("programmes:pay_grid_list"))

    for response in (detail, listing):
        assert "6\u202f000,00\xa0€" in response.text or "6 000,00 €" in response.text.replace(
            "\u202f", " "
        ).replace("\xa0", " ")


# Scoring grids


def test_criterion_create_and_edit(staff_client, programme):
    grid = ScoringGridFactory(programme=programme)

    staff_client.post(
        reverse("programmes:criterion_create", args=[grid.pk]),
        {
            "stage": "file",
            "label": "Vision produit",
            "description": "",
            "position": 3,
            "min_score": 0,
            "max_score": 5,
        },
    )
    criterion = grid.criteria.get(label="Vision produit")
    response = staff_client.post(
        reverse("programmes:criterion_edit", args=[criterion.pk]),
        {
            "stage": "interview",
            "label": "Vision produit",
            "description": "",
            "position": 3,
            "min_score": 2,
            "max_score": 2,
        },
    )

    assert response.status_code == 200
    assert "La note maximale doit être supérieure à la note minimale." in response.text
    detail = staff_client.get(reverse("programmes:scoring_grid_detail", args=[grid.pk]))
    assert "Vision produit" in detail.text


# Query counts


def test_list_pages_issue_a_bounded_number_of_queries(
    staff_client, programme, django_assert_max_num_queries
):
    for _ in range(5):
        promotion = PromotionFactory(programme=programme)
        RoundFactory(promotion=promotion)
        PayLevelFactory(grid=PayGridFactory(programme=programme))
        CriterionFactory(grid=ScoringGridFactory(programme=programme))
    urls = [
        reverse("programmes:index"),
        reverse("programmes:promotion_list"),
        reverse("programmes:promotion_detail", args=[promotion.pk]),
        reverse("programmes:pay_grid_list"),
        reverse("programmes:scoring_grid_list"),
    ]
    for url in urls:
        with django_assert_max_num_queries(12):
            assert staff_client.get(url).status_code == 200


def test_the_programme_team_finds_both_staff_areas_in_the_navigation(staff_client, agent):
    response = staff_client.get(reverse("programmes:promotion_list"))

    menus = {item["label"]: item for item in response.context["main_navigation"]}
    entries = {child["label"]: child for child in menus["Paramètres"]["children"]}
    assert menus["Paramètres"]["current"] is True
    assert entries["Paramètres du programme"]["url"] == reverse("programmes:index")
    assert entries["Paramètres du programme"]["current"] is True
    assert entries["Administrations"]["url"] == reverse("organisations:list")


def test_staff_set_the_ranking_deadline_of_a_round_after_its_committee(staff_client, programme):
    promotion = PromotionFactory(programme=programme)
    staff_client.post(reverse("programmes:round_create", args=[promotion.pk]), round_data())
    created = Round.objects.get(promotion=promotion, number=9)
    url = reverse("programmes:round_edit", args=[created.pk])

    refused = staff_client.post(url, round_data(ranking_deadline="2027-02-10"))
    assert "La date limite des classements doit être le jour du comité" in refused.text
    created.refresh_from_db()
    assert created.ranking_deadline is None

    assert staff_client.post(url, round_data(ranking_deadline="2027-02-26")).status_code == 302
    created.refresh_from_db()
    assert created.ranking_deadline == datetime.date(2027, 2, 26)
    page = staff_client.get(reverse("programmes:promotion_detail", args=[promotion.pk])).text
    assert reverse("matching:staff_round", args=[created.pk]) in page
