"""The public pages: each one answers, and the figures they show come from the database."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import permission_denied, server_error

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.programmes.models import PayLevel, Programme, Promotion, Round
from eig.public import selectors
from tests.contracts.contracts import make_contract
from tests.factories import (
    CandidateFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    PromotionFactory,
)
from tests.public.programme_data import TEST_PROMOTION_NUMBER, eig_programme_with_settings

PUBLIC_PAGES = [
    "public:home",
    "public:programme",
    "public:propose",
    "public:apply",
    "public:accessibility",
    "public:legal_notice",
    "public:personal_data",
    "public:sitemap",
]
NBSP = "\xa0"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NNBSP = "\u202f"
# The home page: the programme's settings and rounds, then the Impact page's key figures
# (``impact_figures``, the published matchings included), a fixed number of aggregate
# queries whatever the volume of data.
HOME_QUERIES = 16


@pytest.fixture
def programme(db):
    return eig_programme_with_settings(cap=27)


@pytest.fixture
def no_programme(monkeypatch):
    """A site whose programme has not been configured yet."""
    monkeypatch.setattr(selectors, "current_programme", lambda: None)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_each_public_page_answers_with_its_title(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.content.decode()
    assert "— Entrepreneur·es d’intérêt général</title>" in html
    assert 'class="fr-header"' in html
    assert "Accessibilité : non conforme" in html


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_each_public_page_renders_without_a_programme(client, db, no_programme, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PUBLIC_PAGES[1:])
def test_inner_pages_have_a_breadcrumb(client, url_name):
    response = client.get(reverse(url_name))

    assert 'class="fr-breadcrumb"' in response.content.decode()


def test_the_home_page_leads_to_propose_and_apply(client, programme):
    response = client.get(reverse("public:home"))

    html = response.content.decode()
    assert f'href="{reverse("public:propose")}"' in html
    assert f'href="{reverse("public:apply")}"' in html


def test_the_home_page_shows_the_cap_and_pay_from_the_database(client, programme):
    response = client.get(reverse("public:home"))

    html = response.content.decode()
    assert "Au plus 27 entrepreneur·es d’intérêt général par promotion" in html
    assert f"4{NNBSP}321,00{NBSP}€ net par mois" in html
    assert f"jusqu’à 7{NBSP}%" in html


def test_changing_the_cap_and_pay_changes_the_pages(client, programme):
    Promotion.objects.filter(programme=programme, number=TEST_PROMOTION_NUMBER).update(cap=12)
    PayLevel.objects.filter(
        grid__programme=programme, level=1, monthly_net=Decimal("4321.00")
    ).update(monthly_net=Decimal("4100.00"))

    home = client.get(reverse("public:home")).content.decode()
    apply = client.get(reverse("public:apply")).content.decode()

    assert "Au plus 12 entrepreneur·es" in home
    assert f"4{NNBSP}100,00{NBSP}€" in home
    assert "d’au plus 12 entrepreneur·es" in apply
    assert f"4{NNBSP}100,00{NBSP}€" in apply
    assert f"4{NNBSP}321" not in home + apply


def test_the_apply_page_shows_the_pay_levels_and_the_experience_threshold(client, programme):
    response = client.get(reverse("public:apply"))

    html = response.content.decode()
    assert "moins de 12 ans d’expérience" in html
    assert "12 ans d’expérience ou plus" in html
    assert f"5{NNBSP}432,50{NBSP}€" in html
    assert f"11{NBSP}%" in html
    assert f'href="{reverse("account_signup")}"' in html


def test_the_propose_page_leads_to_proconnect_sign_in(client, programme):
    response = client.get(reverse("public:propose"))

    html = response.content.decode()
    assert f'href="{reverse("accounts:login")}"' in html
    assert "opérateurs de l’État" in html
    assert "services déconcentrés" in html


def test_the_pages_without_a_programme_say_so_instead_of_a_figure(client, db, no_programme):
    home = client.get(reverse("public:home")).content.decode()
    apply = client.get(reverse("public:apply")).content.decode()

    assert "Le nombre de postes est fixé pour chaque promotion" in home
    assert "La grille de la prochaine promotion sera publiée ici" in apply


def test_the_open_round_is_announced(client, programme):
    today = timezone.localdate()
    promotion = Promotion.objects.get(programme=programme, number=TEST_PROMOTION_NUMBER)
    Round.objects.create(
        promotion=promotion,
        number=5,
        opens_on=today - datetime.timedelta(days=3),
        challenge_deadline=today + datetime.timedelta(days=10),
        application_deadline=today + datetime.timedelta(days=20),
        committee_on=today + datetime.timedelta(days=30),
        starts_on=today + datetime.timedelta(days=60),
    )

    apply = client.get(reverse("public:apply")).content.decode()

    deadline = today + datetime.timedelta(days=20)
    assert "vous pouvez candidater jusqu’au" in apply
    assert str(deadline.day) in apply


def test_the_personal_data_page_reads_retention_periods_from_the_programme(client, programme):
    Programme.objects.filter(pk=programme.pk).update(
        retention_unsuccessful_months=2, retention_consent_months=18
    )

    response = client.get(reverse("public:personal_data"))

    html = response.content.decode()
    assert "2 mois au plus après la décision" in html
    assert "18 mois au plus après le dernier contact" in html
    assert 'id="cookies"' in html


def test_the_personal_data_page_uses_the_model_defaults_without_a_programme(
    client, db, no_programme
):
    response = client.get(reverse("public:personal_data"))

    html = response.content.decode()
    unsuccessful = Programme._meta.get_field("retention_unsuccessful_months").default
    consent = Programme._meta.get_field("retention_consent_months").default
    assert f"{unsuccessful} mois au plus après la décision" in html
    assert f"{consent} mois au plus après le dernier contact" in html


def test_the_accessibility_statement_is_honest_and_gives_a_contact(client, db, settings):
    settings.EIG_CONTACT_EMAIL = "accessibilite@example.gouv.fr"

    response = client.get(reverse("public:accessibility"))

    html = response.content.decode()
    assert "<strong>non conforme</strong>" in html
    assert "aucun audit" in html
    assert "mailto:accessibilite@example.gouv.fr" in html
    assert "Défenseur des droits" in html


def test_the_legal_notice_marks_the_hosting_section_until_it_is_configured(client, db, settings):
    settings.EIG_HOSTING_PROVIDER = ""
    before = client.get(reverse("public:legal_notice")).content.decode()
    settings.EIG_HOSTING_PROVIDER = "Hébergeur Exemple SAS\n1 rue de l’Exemple, 75000 Paris"
    after = client.get(reverse("public:legal_notice")).content.decode()

    assert "Section à compléter lors du déploiement" in before
    assert "20 avenue de Ségur" in before
    assert "Section à compléter" not in after
    assert "Hébergeur Exemple SAS<br>1 rue de l’Exemple" in after


def test_the_sitemap_lists_public_pages_and_spaces(client, db):
    response = client.get(reverse("public:sitemap"))

    html = response.content.decode()
    for url_name in PUBLIC_PAGES:
        assert f'href="{reverse(url_name)}"' in html
    assert "Espace des candidat·es" in html
    assert "Espace de l’équipe du programme" in html


def test_the_current_page_is_marked_in_the_navigation(client, db):
    response = client.get(reverse("public:propose"))

    html = response.content.decode()
    assert f'href="{reverse("public:propose")}" aria-current="page"' in html


def test_the_dsfr_scripts_carry_the_csp_nonce(client, db):
    response = client.get(reverse("public:home"))

    policy = response.headers["Content-Security-Policy"]
    nonce = response.content.decode().split('dsfr.module.min.js" nonce="')[1].split('"')[0]
    assert nonce
    assert f"'nonce-{nonce}'" in policy


def test_an_unknown_page_gets_the_french_404(client, db):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "Erreur 404" in html


def test_a_forbidden_page_gets_the_french_403(db):
    request = RequestFactory().get("/equipe/")
    request.user = CandidateFactory()

    response = permission_denied(request, exception=None)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html
    assert "Erreur 403" in html


def test_the_500_page_needs_neither_the_database_nor_a_request(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
        html = loader.get_template("500.html").render()

    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
    assert "Mentions légales" in html


def test_the_public_pages_issue_a_bounded_number_of_queries(
    client, programme, django_assert_max_num_queries
):
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get(reverse("public:home"))


@pytest.mark.parametrize("size", [1, 5])
def test_the_home_page_runs_a_fixed_number_of_queries_whatever_the_volume(
    client, programme, django_assert_num_queries, size
):
    for number in (1, 2, 3):
        promotion_with_history(number, challenges=size, participants=size, contracts=size)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("public:home"))

    assert response.context["figures"].challenges == 3 * size


def promotion_with_history(
    number: int, *, challenges: int, participants: int, contracts: int = 0
) -> Promotion:
    """A main promotion with public défis (each in its own administration), EIGs of the
    imported history and people under contract."""
    promotion = PromotionFactory(number=number, year=2016 + number)
    for _index in range(challenges):
        ChallengeFactory(complete=True, promotion=promotion, status=ChallengeStatus.RUNNING)
    for _index in range(participants):
        HistoricalParticipantFactory(promotions=[promotion])
    for _index in range(contracts):
        make_contract(promotion=promotion)
    return promotion


def home_figure(html: str, key: str) -> str:
    """The number shown in one of the home page's key figure cards."""
    match = re.search(
        rf'id="home-figure-{key}">\s*<div class="fr-card__body">\s*'
        r'<div class="fr-card__content">\s*<p class="fr-h2 fr-mb-1v">([^<]*)</p>\s*'
        r'<p class="fr-mb-0">([^<]*)</p>',
        html,
    )
    assert match, f"no key figure {key} on the home page"
    return f"{match[1]} {match[2]}"


def test_the_home_page_shows_the_same_key_figures_as_the_impact_page(client, programme):
    first = promotion_with_history(1, challenges=3, participants=4)
    second = promotion_with_history(2, challenges=2, participants=1, contracts=2)
    # A side promotion is not a promotion of its own; a draft défi is not public; a défi
    # shares its administration with another: none of them changes the counts by itself.
    Promotion.objects.create(
        programme=second.programme, number=2, year=2018, label="2e promotion – DIG", parent=second
    )
    running = Challenge.objects.filter(promotion=first, status=ChallengeStatus.RUNNING).first()
    ChallengeFactory(complete=True, promotion=first)
    ChallengeFactory(
        complete=True,
        promotion=second,
        organisation=running.organisation,
        status=ChallengeStatus.COMPLETED,
    )

    impact = client.get(reverse("impact:page")).context["figures"]
    response = client.get(reverse("public:home"))

    figures = response.context["figures"]
    assert figures == impact
    assert (figures.promotions, figures.eigs, figures.challenges, figures.organisations) == (
        2,
        7,
        6,
        5,
    )
    html = response.content.decode()
    assert "Le programme en chiffres" in html
    assert home_figure(html, "promotions") == "2 promotions"
    assert home_figure(html, "eigs") == "7 EIG recruté·es"
    assert home_figure(html, "challenges") == "6 défis"
    assert home_figure(html, "organisations") == "5 administrations porteuses"
    assert f'href="{reverse("impact:page")}"' in html
    assert "Voir l’impact du programme" in html


def test_a_promotion_and_an_eig_count_on_every_surface_once_their_contract_has_started(
    client, programme, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, tzinfo=PARIS), tick=False)
    promotion_with_history(1, challenges=1, participants=3)  # imported: no contract
    current = PromotionFactory(number=9, year=2026)
    make_contract(promotion=current, start=datetime.date(2026, 9, 1))
    make_contract(promotion=current, start=datetime.date(2027, 1, 4))  # not started yet
    # Next year's promotion: a public défi, nobody under contract yet.
    upcoming = PromotionFactory(number=10, year=2027)
    ChallengeFactory(complete=True, promotion=upcoming, status=ChallengeStatus.SELECTED)

    home = client.get(reverse("public:home")).content.decode()
    impact = client.get(reverse("impact:page")).context["figures"]
    opendata = client.get(reverse("impact:figures_json")).json()["chiffres"]
    api = client.get("/api/v1/impact/chiffres").json()["chiffres"]

    assert home_figure(home, "promotions") == "2 promotions"
    assert home_figure(home, "eigs") == "4 EIG recruté·es"
    assert (impact.promotions, impact.eigs) == (2, 4)
    for figures in (opendata, api):
        by_key = {figure["indicateur"]: figure["valeur"] for figure in figures}
        assert (by_key["promotions"], by_key["eig"]) == (2, 4)


def test_the_home_page_figures_follow_the_data(client, programme):
    promotion = promotion_with_history(1, challenges=1, participants=1)

    before = client.get(reverse("public:home")).content.decode()
    ChallengeFactory(complete=True, promotion=promotion, status=ChallengeStatus.RUNNING)
    HistoricalParticipantFactory(promotions=[promotion])
    cache.clear()  # factories skip the services, whose history renews the cached figures
    after = client.get(reverse("public:home")).content.decode()

    assert home_figure(before, "challenges") == "1 défi"
    assert home_figure(before, "eigs") == "1 EIG recruté·e"
    assert home_figure(after, "challenges") == "2 défis"
    assert home_figure(after, "eigs") == "2 EIG recruté·es"


def test_the_home_page_shows_no_empty_figures_before_any_defi_or_eig(client, programme):
    ChallengeFactory(complete=True)  # a draft: not public

    html = client.get(reverse("public:home")).content.decode()

    assert "Le programme en chiffres" not in html
    assert 'id="home-figure-' not in html


def test_the_home_page_works_with_a_programme_without_pay_grid(client, db):
    from eig.programmes.models import PayGrid

    PayGrid.objects.all().delete()
    assert client.get("/").status_code == 200
