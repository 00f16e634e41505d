import pytest

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.services import ProConnectIdentity, candidate_register, proconnect_sign_in
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.organisations.models import Membership
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    OrganisationFactory,
    ReviewerFactory,
)


def identity(**values) -> ProConnectIdentity:
    defaults = {
        "sub": "sub-123",
        "email": "claire.agent@finances.gouv.fr",
        "first_name": "Claire",
        "last_name": "Agent",
        "siret": "",
    }
    return ProConnectIdentity(**{**defaults, **values})


def test_candidate_register_saves_a_candidate_and_records_it(db):
    user = User(email="Jeanne@Example.fr", role=Role.STAFF, first_name="Jeanne")
    user.set_password("un-mot-de-passe-solide")

    candidate_register(user=user)

    user.refresh_from_db()
    assert user.role == Role.CANDIDATE
    assert user.email == "jeanne@example.fr"
    assert [event.action for event in event_list_for(user)] == [HistoryAction.ACCOUNT_CREATED]


def test_a_new_proconnect_identity_becomes_an_agent_attached_by_siret(db):
    organisation = OrganisationFactory()

    result = proconnect_sign_in(identity=identity(siret=organisation.siret))

    user = result.user
    assert result.created
    assert (user.role, user.proconnect_sub, user.first_name, user.last_name) == (
        Role.AGENT,
        "sub-123",
        "Claire",
        "Agent",
    )
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert [event.action for event in event_list_for(user)] == [HistoryAction.ACCOUNT_CREATED]
    assert [event.action for event in event_list_for(organisation)] == [
        HistoryAction.MEMBER_ATTACHED
    ]


def test_a_new_agent_with_an_unknown_siret_is_not_attached(db):
    OrganisationFactory()

    result = proconnect_sign_in(identity=identity(siret="11000201100044"))

    assert result.membership is None
    assert not Membership.objects.filter(user=result.user).exists()


def test_an_agent_already_attached_is_not_attached_elsewhere(db):
    home, other = OrganisationFactory(), OrganisationFactory()
    agent = AgentFactory(organisation=home, proconnect_sub="sub-123")

    result = proconnect_sign_in(identity=identity(email=agent.email, siret=other.siret))

    assert result.membership is None
    assert list(agent.memberships.values_list("organisation", flat=True)) == [home.pk]


def test_an_agent_not_attached_yet_is_attached_once_the_siret_is_known(db):
    agent = AgentFactory(organisation=False, proconnect_sub="sub-123")
    organisation = OrganisationFactory()

    result = proconnect_sign_in(identity=identity(email=agent.email, siret=organisation.siret))

    assert result.membership is not None
    assert result.membership.organisation == organisation


def test_the_account_is_found_by_sub_and_its_names_and_email_updated(db):
    agent = AgentFactory(
        proconnect_sub="sub-123", first_name="Ancien", email="old@finances.gouv.fr"
    )

    result = proconnect_sign_in(identity=identity(first_name="Nouveau"))

    assert not result.created
    agent.refresh_from_db()
    assert (agent.first_name, agent.email) == ("Nouveau", "claire.agent@finances.gouv.fr")
    assert User.objects.count() == 1


def test_an_account_created_by_the_team_is_found_by_email_whatever_the_case(db):
    reviewer = ReviewerFactory(email="Paul.Evaluateur@Example.gouv.fr")

    result = proconnect_sign_in(identity=identity(email="paul.evaluateur@example.gouv.fr"))

    assert result.user == reviewer
    reviewer.refresh_from_db()
    assert (reviewer.role, reviewer.proconnect_sub) == (Role.REVIEWER, "sub-123")
    assert HistoryAction.PROCONNECT_LINKED in [event.action for event in event_list_for(reviewer)]


def test_proconnect_never_takes_over_a_candidate_account(db):
    candidate = CandidateFactory(email="claire.agent@finances.gouv.fr")

    with pytest.raises(DomainError, match="compte candidat"):
        proconnect_sign_in(identity=identity())

    candidate.refresh_from_db()
    assert (candidate.role, candidate.proconnect_sub) == (Role.CANDIDATE, "")


def test_an_account_linked_to_another_proconnect_identity_is_refused(db):
    AgentFactory(email="claire.agent@finances.gouv.fr", proconnect_sub="another-sub")

    with pytest.raises(DomainError, match="autre identité ProConnect"):
        proconnect_sign_in(identity=identity())


def test_a_deactivated_account_is_refused(db):
    AgentFactory(proconnect_sub="sub-123", is_active=False)

    with pytest.raises(DomainError, match="désactivé"):
        proconnect_sign_in(identity=identity())
