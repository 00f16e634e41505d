import pytest
from django.urls import reverse

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.organisations.enums import OrganisationKind
from eig.organisations.models import Membership, Organisation
from tests.factories import AgentFactory, OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_agents_may_not_manage_organisations(client, agent):
    client.force_login(agent)
    own = agent.memberships.get().organisation

    assert client.get(reverse("organisations:list")).status_code == 403
    assert client.get(reverse("organisations:detail", args=[own.pk])).status_code == 403
    response = client.post(reverse("organisations:member_add", args=[own.pk]), {"email": "x@y.fr"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@y.fr").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("organisations:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_searches_name_acronym_and_siret_and_filters_by_kind(staff_client):
    dgfip = OrganisationFactory(name="Direction générale des finances publiques", acronym="DGFiP")
    ofb = OrganisationFactory(
        name="Office français de la biodiversité", acronym="OFB", kind=OrganisationKind.OPERATOR
    )
    url = reverse("organisations:list")

    by_acronym = staff_client.get(url, {"q": "dgfip"})
    spaced = dgfip.siret[:3] + " " + dgfip.siret[3:9]
    by_siret = staff_client.get(url, {"q": spaced})
    by_kind = staff_client.get(url, {"kind": OrganisationKind.OPERATOR})

    assert dgfip.name in by_acronym.text
    assert ofb.name not in by_acronym.text
    assert dgfip.name in by_siret.text
    assert ofb.name not in by_siret.text
    assert ofb.name in by_kind.text
    assert dgfip.name not in by_kind.text
    assert "Administration centrale : 1" in by_acronym.text
    assert "Opérateur de l’État : 0" in by_acronym.text


def test_the_list_issues_a_bounded_number_of_queries(staff_client, django_assert_max_num_queries):
    for _ in range(30):
        AgentFactory(organisation=OrganisationFactory())

    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("organisations:list"))

    assert response.status_code == 200


def test_create_with_a_bad_siret_then_a_good_one(staff_client):
    url = reverse("organisations:create")
    data = {"kind": OrganisationKind.CENTRAL, "name": "Direction du numérique", "acronym": "DNUM"}

    too_short = staff_client.post(url, {**data, "siret": "1234"})
    wrong_key = staff_client.post(url, {**data, "siret": "130 025 265 00012"})
    good_siret = valid_siret(321)
    spaced = f"{good_siret[:3]} {good_siret[3:6]} {good_siret[6:9]} {good_siret[9:]}"
    created = staff_client.post(url, {**data, "siret": spaced})

    assert "exactement 14 chiffres" in too_short.text
    assert 'aria-describedby="id_siret_helptext id_siret_error"' in too_short.text
    assert "clé de contrôle" in wrong_key.text
    assert 'value="130 025 265 00012"' in wrong_key.text
    organisation = Organisation.objects.get(name="Direction du numérique")
    assert organisation.siret == good_siret
    assert created["Location"] == reverse("organisations:detail", args=[organisation.pk])


def test_a_siret_already_used_is_refused(staff_client):
    existing = OrganisationFactory()

    response = staff_client.post(
        reverse("organisations:create"),
        {
            "kind": OrganisationKind.CENTRAL,
            "name": "Doublon",
            "acronym": "",
            "siret": existing.siret,
        },
    )

    assert response.status_code == 200
    assert "existe déjà" in response.text


def test_edit_shows_the_history(staff_client):
    organisation = OrganisationFactory(acronym="")

    staff_client.post(
        reverse("organisations:edit", args=[organisation.pk]),
        {
            "kind": organisation.kind,
            "name": organisation.name,
            "acronym": "DTN",
            "siret": organisation.siret,
        },
    )
    response = staff_client.get(reverse("organisations:detail", args=[organisation.pk]))

    assert "Modification" in response.text
    assert "Sigle : — → DTN" in response.text


def test_add_then_remove_a_member(staff_client):
    organisation = OrganisationFactory()
    detail = reverse("organisations:detail", args=[organisation.pk])

    added = staff_client.post(
        reverse("organisations:member_add", args=[organisation.pk]),
        {
            "email": "agent.nouveau@culture.gouv.fr",
            "role": "agent",
            "first_name": "",
            "last_name": "",
        },
    )
    assert added["Location"] == detail
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user.role == Role.AGENT
    assert "agent.nouveau@culture.gouv.fr" in staff_client.get(detail).text

    removed = staff_client.post(
        reverse("organisations:member_remove", args=[organisation.pk, membership.pk])
    )
    assert removed["Location"] == detail
    assert not Membership.objects.filter(organisation=organisation).exists()


def test_adding_a_member_explains_a_refusal_and_keeps_the_input(staff_client, candidate):
    organisation = OrganisationFactory()

    response = staff_client.post(
        reverse("organisations:member_add", args=[organisation.pk]),
        {"email": candidate.email, "role": "referent"},
    )

    assert response.status_code == 200
    assert "Seul un compte d’agent" in response.text
    assert f'value="{candidate.email}"' in response.text


def test_a_member_of_another_organisation_cannot_be_removed_through_this_one(staff_client):
    membership = AgentFactory().memberships.get()
    other = OrganisationFactory()

    response = staff_client.post(
        reverse("organisations:member_remove", args=[other.pk, membership.pk])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
