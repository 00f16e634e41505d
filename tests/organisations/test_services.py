import pytest
from django.core.exceptions import ValidationError

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from eig.organisations import services
from eig.organisations.enums import MembershipRole, OrganisationKind
from eig.organisations.models import Membership, Organisation
from tests.factories import AgentFactory, CandidateFactory, OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


def test_organisation_create_records_history(staff):
    organisation = services.organisation_create(
        data={
            "kind": OrganisationKind.OPERATOR,
            "name": "Météo-France",
            "acronym": "",
            "siret": valid_siret(501),
        },
        by=staff,
    )

    assert event_list_for(organisation).get().action == HistoryAction.CREATED


def test_organisations_without_siret_are_stored_without_one(staff):
    created = [
        services.organisation_create(
            data={"kind": OrganisationKind.CENTRAL, "name": name, "acronym": "", "siret": ""},
            by=staff,
        )
        for name in ("Ancienne direction A", "Ancienne direction B")
    ]

    # Stored as NULL, not "": the unique SIRET lets several administrations lack one.
    stored = Organisation.objects.filter(pk__in=[organisation.pk for organisation in created])
    assert sorted(stored.values_list("name", "siret")) == [
        ("Ancienne direction A", None),
        ("Ancienne direction B", None),
    ]


def test_organisation_create_refuses_a_wrong_siret(staff):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            data={
                "kind": OrganisationKind.CENTRAL,
                "name": "X",
                "acronym": "",
                "siret": "12345678901234",
            },
            by=staff,
        )

    assert "clé de contrôle" in str(error.value.message_dict["siret"])


def test_organisation_update_records_what_changed(staff):
    organisation = OrganisationFactory(acronym="")

    services.organisation_update(organisation=organisation, data={"acronym": "DGX"}, by=staff)

    assert event_list_for(organisation).get().changes == {"acronym": ["", "DGX"]}


def test_adding_an_unknown_email_creates_an_agent_account_and_tells_them(staff):
    organisation = OrganisationFactory(name="Direction des tests")

    membership = services.organisation_member_add(
        organisation=organisation,
        email="  Nouvelle.Agente@Interieur.gouv.fr ",
        role=MembershipRole.REFERENT,
        first_name="Nadia",
        last_name="Martin",
        by=staff,
    )

    user = membership.user
    assert (user.email, user.role, user.first_name) == (
        "nouvelle.agente@interieur.gouv.fr",
        Role.AGENT,
        "Nadia",
    )
    assert not user.has_usable_password()
    assert membership.role == MembershipRole.REFERENT
    assert "compte créé" in event_list_for(organisation).get().comment
    email = Email.objects.get(to=user.email)
    assert "Direction des tests" in email.subject
    assert "ProConnect" in email.body_text


def test_adding_an_existing_agent_reuses_their_account(staff):
    agent = AgentFactory(organisation=False)
    organisation = OrganisationFactory()

    services.organisation_member_add(organisation=organisation, email=agent.email.upper(), by=staff)

    assert Membership.objects.get(organisation=organisation).user == agent
    assert User.objects.filter(email=agent.email).count() == 1


def test_an_agent_is_added_once(staff):
    agent = AgentFactory()
    organisation = agent.memberships.get().organisation

    with pytest.raises(DomainError, match="déjà membre"):
        services.organisation_member_add(organisation=organisation, email=agent.email, by=staff)


def test_a_candidate_account_cannot_become_a_member(staff):
    candidate = CandidateFactory()

    with pytest.raises(DomainError, match="Seul un compte d’agent"):
        services.organisation_member_add(
            organisation=OrganisationFactory(), email=candidate.email, by=staff
        )
    assert not Membership.objects.filter(user=candidate).exists()


def test_removing_a_member_keeps_their_account_and_records_it(staff):
    agent = AgentFactory()
    membership = agent.memberships.get()
    organisation = membership.organisation

    services.organisation_member_remove(membership=membership, by=staff)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=agent.pk).exists()
    event = event_list_for(organisation).get()
    assert (event.action, event.comment) == (HistoryAction.MEMBER_REMOVED, agent.email)


def test_removing_a_member_twice_is_refused_clearly(staff):
    membership = AgentFactory().memberships.get()
    services.organisation_member_remove(membership=membership, by=staff)

    with pytest.raises(DomainError, match="déjà plus membre"):
        services.organisation_member_remove(membership=membership, by=staff)
