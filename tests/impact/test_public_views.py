"""The public Impact page and the « Données ouvertes » page (eig/impact/views/public.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.impact.enums import Workplace
from eig.impact.opendata import FIGURE_COLUMNS, PROMOTION_COLUMNS
from eig.organisations.models import Membership
from eig.programmes.models import Programme, Promotion
from tests.contracts.contracts import make_contract
from tests.factories import (
    AgentFactory,
    AlumniPathFactory,
    CandidacyFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    OrganisationFactory,
    PromotionFactory,
    RoundFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

PAGE_URL = reverse("impact:page")
OPENDATA_URL = reverse("impact:opendata")
OPEN_DATA_FILES = (
    reverse("impact:figures_csv"),
    reverse("impact:figures_json"),
    reverse("impact:promotions_csv"),
    reverse("impact:promotions_json"),
    reverse("challenges:opendata_csv"),
    reverse("challenges:opendata_json"),
)
# The page reads a fixed number of queries whatever the volume of data.
PAGE_QUERIES = 13


def content_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def promotion_history(number: int, *, size: int) -> Promotion:
    """A promotion with ``size`` défis (completed, carried on or not), EIGs of the imported
    history, people under contract and answered alumni surveys."""
    promotion = PromotionFactory(number=number, year=2016 + number)
    for index in range(size):
        ChallengeFactory(
            complete=True,
            promotion=promotion,
            status=ChallengeStatus.COMPLETED,
            outcome=(Outcome.CARRIED_ON, Outcome.STOPPED, "")[index % 3],
        )
        HistoricalParticipantFactory(promotions=[promotion])
        contract = make_contract(promotion=promotion)
        AlumniPathFactory(
            promotion=promotion,
            person=contract.person,
            answer=Workplace.PUBLIC_SECTOR,
            answered_at=timezone.now(),
        )
    return promotion


def test_the_page_shows_the_key_figures_and_the_breakdown(client):
    third = PromotionFactory(number=3, year=2019, label="3e promotion")
    Promotion.objects.create(
        programme=third.programme, number=3, year=2019, label="3e promotion – DIG", parent=third
    )
    dig = Promotion.objects.get(parent=third)
    for promotion in (third, third, dig):
        ChallengeFactory(complete=True, promotion=promotion, status=ChallengeStatus.COMPLETED)
    HistoricalParticipantFactory(promotions=[third])
    HistoricalParticipantFactory(promotions=[dig])

    response = client.get(PAGE_URL)

    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.promotions, figures.eigs, figures.challenges) == (1, 2, 3)
    content = content_of(response)
    assert "<h1>Impact du programme</h1>" in content
    assert "3e promotion – DIG" in content
    assert "annexe de la promotion « 3e promotion », non comptée comme une promotion" in content
    assert "Devenir inconnu : 3 défis terminés." in content


def test_shares_under_the_threshold_say_there_are_not_enough_answers(client):
    promotion = PromotionFactory()
    for _index in range(3):
        ChallengeFactory(
            complete=True,
            promotion=promotion,
            status=ChallengeStatus.COMPLETED,
            outcome=Outcome.CARRIED_ON,
        )

    content = content_of(client.get(PAGE_URL))

    # Défis: not enough data, their counts still published; the survey: not enough answers.
    assert "Pas assez de données" in content
    assert "sur 3 défis terminés dont le devenir est connu" in content
    assert "Pas assez de réponses" in content
    assert "sur moins de 10 réponses à l’enquête" in content
    assert "Pas assez de réponses (" not in content
    assert "100&nbsp;%" not in content


def test_shares_over_the_threshold_are_percentages(client):
    Programme.objects.filter(slug="eig").update(impact_min_answers=4)
    promotion_history(1, size=8)

    content = content_of(client.get(PAGE_URL))

    assert "50&nbsp;%" in content  # défis carried on
    assert "100&nbsp;%" in content  # alumni in the public sector


def answered_surveys(promotion: Promotion, *, public: int, other: int = 0) -> None:
    for answer, count in ((Workplace.PUBLIC_SECTOR, public), (Workplace.PRIVATE_SECTOR, other)):
        for _index in range(count):
            AlumniPathFactory(promotion=promotion, answer=answer, answered_at=timezone.now())


def test_no_withheld_answer_can_be_worked_out_by_subtraction(client):
    """Promotion A: 12 answers, 8 in the public sector; promotion B: a single answer."""
    first = PromotionFactory(number=1, year=2017, label="1re promotion")
    second = PromotionFactory(number=2, year=2018, label="2e promotion")
    answered_surveys(first, public=8, other=4)
    answered_surveys(second, public=1)

    response = client.get(PAGE_URL)

    content = content_of(response)
    row_a, row_b = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:2]
    assert "67&nbsp;%" in row_a
    assert "8 sur 12" in row_a
    assert "Pas assez de réponses" in row_b
    assert "moins de 10 réponses" in row_b
    assert "1 sur 1" not in row_b
    key_figures = content.split('id="key-figures-title"', 1)[1].split("</section>", 1)[0]
    assert '<p class="fr-h2 fr-mb-1v" id="share-public-sector">Secret statistique</p>' in (
        key_figures
    )
    assert "13" not in key_figures
    assert "69&nbsp;%" not in content
    footer = content.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert "Secret statistique" in footer
    assert "13" not in footer
    assert "totalisent au moins une réponse mais moins de" in content  # the methodology


def test_the_share_cards_read_title_value_then_base_in_french(client):
    Programme.objects.filter(slug="eig").update(impact_min_answers=1)
    promotion = PromotionFactory()
    ChallengeFactory(
        complete=True,
        promotion=promotion,
        status=ChallengeStatus.COMPLETED,
        outcome=Outcome.CARRIED_ON,
    )
    AlumniPathFactory(
        promotion=promotion, answer=Workplace.PUBLIC_SECTOR, answered_at=timezone.now()
    )

    content = " ".join(content_of(client.get(PAGE_URL)).split())

    assert (
        '<h3 class="fr-h6 fr-mb-1v">Défis terminés poursuivis dans leur administration</h3> '
        '<p class="fr-h2 fr-mb-1v" id="share-carried-on">100&nbsp;%</p> '
        '<p class="fr-mb-1v"> sur 1 défi terminé dont le devenir est connu </p>'
    ) in content
    assert (
        '<h3 class="fr-h6 fr-mb-1v">Alumni qui travaillent dans le secteur public</h3> '
        '<p class="fr-h2 fr-mb-1v" id="share-public-sector">100&nbsp;%</p> '
        '<p class="fr-mb-1v"> sur 1 réponse à l’enquête </p>'
    ) in content
    assert "Devenir inconnu : 0 défi terminé." in content


def test_zero_takes_the_singular_in_french(client):
    content = " ".join(content_of(client.get(PAGE_URL)).split())

    assert "sur 0 défi terminé dont le devenir est connu" in content
    assert "Devenir inconnu : 0 défi terminé." in content
    assert '<p class="fr-h2 fr-mb-1v">0</p> <p class="fr-mb-0">promotion</p>' in content
    assert '<p class="fr-h2 fr-mb-1v">0</p> <p class="fr-mb-0">défi</p>' in content
    assert not re.search(r"(?<![0-9])0 (défis|réponses|promotions|administrations)", content)
    assert "Pas assez de données" in content  # défis
    assert "Pas assez de réponses (0)" not in content


def test_a_withheld_computed_share_is_unknown_not_different(client):
    promotion_history(1, size=2)

    content = content_of(client.get(PAGE_URL))

    table = content.split("<caption>Chiffres publiés fin 2023", 1)[1].split("</table>", 1)[0]
    rows = {
        row.split('<th scope="row">', 1)[1].split("</th>", 1)[0]: row
        for row in table.split("<tbody>", 1)[1].split("</tr>")[:-1]
    }
    assert "Inconnu (pas assez de données)" in rows["Défis poursuivis dans leur administration"]
    assert "Pas assez de données" in rows["Défis poursuivis dans leur administration"]
    assert "Inconnu (pas assez de données)" in rows["EIG restés dans le secteur public"]
    assert "Pas assez de réponses" in rows["EIG restés dans le secteur public"]
    assert "Différent" in rows["Défis"]


def test_the_page_compares_the_published_figures_with_the_computed_ones(client):
    promotion_history(1, size=2)

    response = client.get(PAGE_URL)

    content = content_of(response)
    assert "Les chiffres publiés et ceux de la plateforme" in content
    assert "<td>206</td>" in content
    assert "<td>101</td>" in content
    assert "plus de 60&nbsp;%" in content
    assert "ne correspondent pas exactement aux chiffres publiés" in content
    assert response.context["comparison_differs"]


def test_the_charts_are_images_with_a_name_followed_by_their_data(client):
    promotion_history(2, size=1)

    content = content_of(client.get(PAGE_URL))

    assert 'role="img" aria-labelledby="chart-eig-title chart-eig-desc"' in content
    assert '<title id="chart-eig-title">Nombre d’EIG par promotion</title>' in content
    assert "<caption>Nombre d’EIG par promotion : les données du graphique</caption>" in content
    assert "<caption>Nombre de défis publics par promotion : les données du graphique" in content
    assert "style=" not in content.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_an_empty_platform_still_has_a_page(client):
    response = client.get(PAGE_URL)

    assert response.status_code == 200
    assert "Aucune promotion n’a encore de défi publié ni d’EIG." in content_of(response)


@pytest.mark.parametrize("size", [1, 6])
def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for number in range(1, 4):
        promotion_history(number, size=size)
    Promotion.objects.create(
        programme=Promotion.objects.get(number=3, parent=None).programme,
        number=3,
        year=2019,
        label="DIG",
        parent=Promotion.objects.get(number=3, parent=None),
    )

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(PAGE_URL)

    assert response.status_code == 200
    assert response.context["figures"].challenges == 3 * size


@pytest.mark.parametrize("url", OPEN_DATA_FILES[:4])
@pytest.mark.parametrize("size", [1, 4])
def test_the_open_data_files_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, url, size
):
    for number in range(1, 3):
        promotion_history(number, size=size)

    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_no_name_nor_email_appears_on_the_page_nor_in_the_open_data(client):
    """People with distinctive names everywhere a public figure draws from: none leaks."""
    promotion = PromotionFactory(number=4, year=2020)
    organisation = OrganisationFactory()
    agent = AgentFactory(
        first_name="Eulalie", last_name="Vandermeersch", email="eulalie.secret@agents.gouv.fr"
    )
    Membership.objects.create(user=agent, organisation=organisation)
    ChallengeFactory(
        complete=True,
        promotion=promotion,
        organisation=organisation,
        status=ChallengeStatus.COMPLETED,
        outcome=Outcome.CARRIED_ON,
        sponsor_name="Hortense Kerguelen-Saint-Aubin",
        created_by=agent,
    )
    candidacy = CandidacyFactory(
        round=RoundFactory(promotion=promotion),
        candidate__user__first_name="Zéphyrine",
        candidate__user__last_name="Quintavalle-Brosse",
        candidate__user__email="zephyrine.introuvable@exemple.fr",
    )
    contract = make_contract(promotion=promotion, candidacy=candidacy)
    AlumniPathFactory(
        promotion=promotion,
        person=contract.person,
        answer=Workplace.PUBLIC_SECTOR,
        answered_at=timezone.now() - datetime.timedelta(days=1),
    )
    StaffFactory(first_name="Barnabé", last_name="Oppenheimer-Luz", email="barnabe@numerique.fr")
    secrets = (
        "Eulalie",
        "Vandermeersch",
        "eulalie.secret",
        "Hortense",
        "Kerguelen",
        "Zéphyrine",
        "Quintavalle",
        "zephyrine.introuvable",
        "Barnabé",
        "Oppenheimer",
        "@",
    )

    for url in (PAGE_URL, OPENDATA_URL, *OPEN_DATA_FILES):
        response = client.get(url)
        assert response.status_code == 200
        content = content_of(response)
        leaks = [secret for secret in secrets[:-1] if secret in content]
        assert not leaks, f"{url} montre {leaks}"
        if url in OPEN_DATA_FILES:
            assert "@" not in content, url


def test_the_opendata_page_documents_every_dataset_from_its_columns(client):
    response = client.get(OPENDATA_URL)

    assert response.status_code == 200
    content = content_of(response)
    for url in OPEN_DATA_FILES:
        assert f'href="{url}"' in content
    for column in (*FIGURE_COLUMNS, *PROMOTION_COLUMNS):
        assert f"<code>{column.name}</code>" in content
    assert "<code>type_administration</code>" in content
    assert "Licence Ouverte / Open Licence version 2.0" in content
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in content
    assert "Direction interministérielle du numérique (DINUM)" in content
    assert "en continu" in content


def test_impact_is_in_the_menu_for_everyone_and_open_data_in_the_footer(client, staff):
    content = content_of(client.get(reverse("public:home")))
    assert f'href="{PAGE_URL}"' in content
    assert f'href="{OPENDATA_URL}"' in content

    sitemap = content_of(client.get(reverse("public:sitemap")))
    assert f'href="{PAGE_URL}"' in sitemap

    client.force_login(staff)
    assert f'href="{PAGE_URL}"' in content_of(client.get(reverse("challenges:catalogue")))


def test_the_methodology_says_a_promotion_and_an_eig_count_once_their_contract_started(client):
    html = re.sub(r"\s+", " ", client.get(PAGE_URL).content.decode())

    assert "une promotion est comptée dès que son premier contrat a commencé" in html
    assert "Les promotions reprises de l’historique du site du programme sont comptées" in html
    assert "Une personne dont le contrat n’a pas encore commencé n’est comptée" in html
