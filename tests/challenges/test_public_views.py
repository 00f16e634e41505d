"""The public catalogue of the défis and a défi's public page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.navigation import navigation_for
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Note, Opinion
from eig.challenges.services import challenges as services
from eig.organisations.enums import OrganisationKind
from tests.factories import (
    AgentFactory,
    ChallengeFactory,
    CoachFactory,
    IndicatorFactory,
    OrganisationFactory,
    PromotionFactory,
    RoundFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("challenges:catalogue")


def public_challenge(**kwargs):
    kwargs.setdefault("status", ChallengeStatus.SELECTED)
    return ChallengeFactory(complete=True, **kwargs)


def titles(response):
    return [challenge.title for challenge in response.context["page_obj"].object_list]


# The catalogue


def test_the_catalogue_lists_the_public_challenges_with_what_a_visitor_needs(client):
    promotion = PromotionFactory(label="7e promotion")
    organisation = OrganisationFactory(name="Direction des impôts", acronym="DGFiP")
    challenge = public_challenge(
        title="Simplifier la déclaration",
        organisation=organisation,
        promotion=promotion,
        status=ChallengeStatus.RECRUITING,
        wants_tech=False,
        public_summary="Une déclaration en trois clics.",
    )

    response = client.get(CATALOGUE)

    assert response.status_code == 200
    assert titles(response) == [challenge.title]
    page = response.content.decode()
    assert "1 défi" in page
    assert "Direction des impôts (DGFiP)" in page
    assert "7e promotion" in page
    assert "En recrutement" in page
    assert "Directeur·rice produit" in page
    assert "Une déclaration en trois clics." in page
    assert reverse("challenges:public_detail", kwargs={"pk": challenge.pk}) in page


def test_the_excerpt_is_the_problem_when_there_is_no_public_summary(client):
    public_challenge(problem="Les dossiers se perdent entre trois services.")

    assert "Les dossiers se perdent entre trois services." in client.get(CATALOGUE).content.decode()


@pytest.mark.parametrize(
    "status",
    [
        ChallengeStatus.SELECTED,
        ChallengeStatus.RECRUITING,
        ChallengeStatus.STAFFED,
        ChallengeStatus.RUNNING,
        ChallengeStatus.COMPLETED,
    ],
)
def test_every_public_status_is_in_the_catalogue(client, status):
    challenge = public_challenge(status=status)

    assert titles(client.get(CATALOGUE)) == [challenge.title]


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("title", "Un guichet unique pour les aidants", "guichet"),
        ("problem", "Les aidants remplissent dix formulaires.", "FORMULAIRES"),
        ("public_summary", "Un seul endroit pour tout demander.", "seul endroit"),
    ],
)
def test_the_search_looks_in_the_title_the_problem_and_the_summary(client, field, value, query):
    found = public_challenge(**{field: value})
    public_challenge(title="Autre chose", problem="Rien à voir.", public_summary="Non.")

    assert titles(client.get(CATALOGUE, {"q": query})) == [found.title]


def test_the_search_looks_in_the_administration_name_and_acronym(client):
    found = public_challenge(organisation=OrganisationFactory(name="Météo-France", acronym="MF"))
    public_challenge()

    assert titles(client.get(CATALOGUE, {"q": "météo"})) == [found.title]
    assert titles(client.get(CATALOGUE, {"q": "MF"})) == [found.title]


def test_the_filters_narrow_the_list(client):
    promotion = PromotionFactory()
    organisation = OrganisationFactory()
    product_only = public_challenge(
        promotion=promotion, organisation=organisation, wants_tech=False
    )
    tech_only = public_challenge(status=ChallengeStatus.RUNNING, wants_product=False)

    assert titles(client.get(CATALOGUE, {"promotion": promotion.pk})) == [product_only.title]
    assert titles(client.get(CATALOGUE, {"organisation": organisation.pk})) == [product_only.title]
    assert titles(client.get(CATALOGUE, {"status": "running"})) == [tech_only.title]
    assert titles(client.get(CATALOGUE, {"profile": "product"})) == [product_only.title]
    assert titles(client.get(CATALOGUE, {"profile": "tech"})) == [tech_only.title]


def test_the_filter_choices_only_name_public_statuses_and_administrations_with_public_challenges(
    client,
):
    shown = public_challenge(organisation=OrganisationFactory(name="Administration publique"))
    ChallengeFactory(organisation=OrganisationFactory(name="Administration en brouillon"))

    form = client.get(CATALOGUE).context["filter_form"]

    assert [value for value, _label in form.fields["status"].choices] == [
        "",
        "selected",
        "recruiting",
        "staffed",
        "running",
        "completed",
    ]
    assert list(form.fields["organisation"].queryset) == [shown.organisation]


def test_a_filter_for_a_status_that_is_not_public_is_ignored_and_shows_nothing_private(client):
    shown = public_challenge()
    ChallengeFactory(complete=True, status=ChallengeStatus.SUBMITTED)

    assert titles(client.get(CATALOGUE, {"status": "submitted"})) == [shown.title]
    assert titles(client.get(CATALOGUE, {"promotion": "999999", "profile": "x"})) == [shown.title]


def test_the_catalogue_is_paginated_and_the_pages_keep_the_filters(client, settings):
    PAGE_SIZE = settings.PAGE_SIZE
    for index in range(PAGE_SIZE + 1):
        public_challenge(title=f"Défi public {index:03d}", wants_tech=False)

    first = client.get(CATALOGUE, {"profile": "product"})
    second = client.get(CATALOGUE, {"profile": "product", "page": 2})

    assert f"{PAGE_SIZE + 1} défis" in first.content.decode()
    assert len(titles(first)) == PAGE_SIZE
    assert len(titles(second)) == 1
    assert "profile=product&amp;page=2" in first.content.decode()


def test_an_empty_catalogue_explains_why(client):
    ChallengeFactory(complete=True, status=ChallengeStatus.SUBMITTED)

    page = client.get(CATALOGUE).content.decode()

    assert "0 défi" in page
    assert "Aucun défi publié pour le moment" in page
    assert reverse("public:propose") in page


def test_a_search_without_result_says_so_and_offers_to_see_everything(client):
    public_challenge()

    page = client.get(CATALOGUE, {"q": "introuvable"}).content.decode()

    assert "Aucun défi ne correspond à votre recherche" in page
    assert "Voir tous les défis" in page


def test_the_open_data_links_carry_the_current_filters_and_the_columns_are_documented(client):
    page = client.get(CATALOGUE, {"q": "eau", "status": "running", "page": 1}).content.decode()

    assert f"{reverse('challenges:opendata_csv')}?q=eau&amp;status=running" in page
    assert f"{reverse('challenges:opendata_json')}?q=eau&amp;status=running" in page
    assert "Licence Ouverte" in page
    for column in ("id", "titre", "type_administration", "date_selection", "url"):
        assert f"<code>{column}</code>" in page


@pytest.mark.parametrize("count", [5, 40])
def test_the_catalogue_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, count
):
    promotion = PromotionFactory()
    for _index in range(count):
        public_challenge(promotion=promotion, round=RoundFactory(promotion=promotion))

    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, {"q": "Défi", "profile": "tech"})

    assert response.status_code == 200


def test_the_catalogue_only_answers_reads(client):
    assert client.post(CATALOGUE).status_code == 405
    assert client.head(CATALOGUE).status_code == 200


def test_a_challenge_selected_by_the_programme_appears_in_the_catalogue(client):
    today = timezone.localdate()
    RoundFactory(opens_on=today - datetime.timedelta(days=1))
    agent = AgentFactory()
    staff = StaffFactory()
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)
    services.challenge_submit(challenge=challenge, by=agent)
    assert titles(client.get(CATALOGUE)) == []

    services.challenge_transition(
        challenge=challenge, by=staff, name="select", message="Un défi ambitieux."
    )

    assert titles(client.get(CATALOGUE)) == [challenge.title]


# Navigation


@pytest.mark.parametrize("role", [None, *Role.values])
def test_everyone_finds_the_catalogue_in_the_main_navigation(role):
    user = UserFactory(role=role) if role else None

    labels = [str(item["label"]) for item in navigation_for(user, CATALOGUE)]
    current = [str(item["label"]) for item in navigation_for(user, CATALOGUE) if item["current"]]

    assert "Les défis" in labels
    assert current == ["Les défis"]


def test_the_sitemap_links_to_the_catalogue(client):
    assert f'href="{CATALOGUE}"' in client.get(reverse("public:sitemap")).content.decode()


# A défi's public page


def detail_url(challenge):
    return reverse("challenges:public_detail", kwargs={"pk": challenge.pk})


def test_the_public_page_shows_what_the_programme_publishes(client):
    promotion = PromotionFactory(label="8e promotion")
    challenge = public_challenge(
        title="Un registre ouvert",
        organisation=OrganisationFactory(
            name="Agence de l’eau", acronym="AE", kind=OrganisationKind.OPERATOR
        ),
        promotion=promotion,
        round=RoundFactory(promotion=promotion, number=4),
        status=ChallengeStatus.RUNNING,
        problem="Personne ne sait où sont les captages.",
        affected_users="Les maires et les syndicats des eaux.",
        first_users="Trois syndicats volontaires.",
        plan_3_months="Une carte des captages d’un département.",
        plan_6_months="La carte de la région.",
        wants_product=False,
        beta_product_url="https://beta.gouv.fr/startups/registre.html",
    )
    IndicatorFactory(challenge=challenge, name="Captages cartographiés", baseline=0, target=1200)

    response = client.get(detail_url(challenge))

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Un registre ouvert",
        "Agence de l’eau (AE)",
        "Opérateur de l’État",
        "8e promotion",
        "Session 4",
        "En cours",
        "Directeur·rice technique",
        str(challenge.priority_policy),
        "Personne ne sait où sont les captages.",
        "Les maires et les syndicats des eaux.",
        "Trois syndicats volontaires.",
        "Une carte des captages d’un département.",
        "La carte de la région.",
        "Captages cartographiés",
        "1\xa0200",  # French grouping of thousands
        "L’équipe d’EIG apparaîtra ici une fois recrutée.",
        "https://beta.gouv.fr/startups/registre.html",
    ):
        assert text in page, text
    assert f'href="{CATALOGUE}"' in page  # breadcrumb and back link


def test_the_public_page_names_the_other_policy_when_it_is_not_in_the_list(client):
    challenge = public_challenge(priority_policy=None, priority_policy_other="La mer")

    assert "La mer" in client.get(detail_url(challenge)).content.decode()


def test_the_public_page_shows_nothing_written_for_the_instruction_only(client):
    challenge = public_challenge(
        sponsor_name="Claire Secrète",
        sponsor_role="Directrice générale",
        sponsor_commitment="Engagement confidentiel du sponsor",
        team="Équipe confidentielle",
        budget="Budget confidentiel",
        autonomy="Autonomie confidentielle",
    )
    Note.objects.create(challenge=challenge, text="Annotation confidentielle")
    Opinion.objects.create(
        challenge=challenge, coach=CoachFactory(), verdict="reserved", text="Avis confidentiel"
    )
    challenge.attachments.create(name="annexe-confidentielle.pdf", size=1, file="x.pdf")
    challenge.indicators.update(data_source="Source confidentielle")

    page = client.get(detail_url(challenge)).content.decode()

    for secret in (
        "Claire Secrète",
        "Directrice générale",
        "Engagement confidentiel",
        "Équipe confidentielle",
        "Budget confidentiel",
        "Autonomie confidentielle",
        "Annotation confidentielle",
        "Avis confidentiel",
        "annexe-confidentielle",
        "Source confidentielle",
        challenge.organisation.siret,
    ):
        assert secret not in page, secret


def test_the_public_page_of_an_unknown_challenge_is_not_found(client):
    assert client.get(reverse("challenges:public_detail", kwargs={"pk": 987654})).status_code == 404


def test_the_public_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    challenge = public_challenge(round=RoundFactory())
    IndicatorFactory.create_batch(5, challenge=challenge)

    with django_assert_max_num_queries(3):
        assert client.get(detail_url(challenge)).status_code == 200


def test_a_running_defi_shows_its_recruited_team_without_names(client):
    from eig.challenges.enums import ChallengeStatus
    from eig.challenges.models import Challenge
    from tests.contracts.contracts import make_contract

    contract = make_contract()
    contract.person.first_name, contract.person.last_name = "Zéphyrine", "Quatremare"
    contract.person.save(update_fields=["first_name", "last_name"])
    contract.candidacy.candidate.track = "tech"
    contract.candidacy.candidate.save(update_fields=["track"])
    Challenge.objects.filter(pk=contract.challenge_id).update(status=ChallengeStatus.RUNNING)

    response = client.get(reverse("challenges:public_detail", args=[contract.challenge_id]))

    assert "1 EIG recruté : directeur·rice technique" in " ".join(response.text.split())
    assert "Quatremare" not in response.text
    assert "Zéphyrine" not in response.text
    assert "L’équipe d’EIG apparaîtra ici" not in response.text
