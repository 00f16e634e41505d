from eig.accounts.demo import demo_email
from eig.accounts.management.commands.run_local_oidc_provider import (
    NEWCOMER_EMAIL,
    UNKNOWN_SIRET,
    UNKNOWN_SIRET_EMAIL,
    local_identities,
)
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    OrganisationFactory,
    StaffFactory,
)


def test_the_local_provider_offers_the_demo_proconnect_accounts_and_two_newcomers(db):
    organisation = OrganisationFactory()
    agent = AgentFactory(email=demo_email("agent"), organisation=organisation)
    staff = StaffFactory(email=demo_email("equipe"), proconnect_sub="sub-equipe")
    CoachFactory(email="coach.reel@beta.gouv.fr")
    CandidateFactory(email=demo_email("candidate"))

    identities = {identity.sub: identity.claims for identity in local_identities()}

    assert set(identities) == {agent.email, "sub-equipe", NEWCOMER_EMAIL, UNKNOWN_SIRET_EMAIL}
    assert identities[agent.email]["siret"] == organisation.siret
    assert identities[agent.email]["usual_name"] == agent.last_name
    assert identities["sub-equipe"]["email"] == staff.email
    assert "siret" not in identities["sub-equipe"]
    assert identities[NEWCOMER_EMAIL]["siret"] == organisation.siret
    assert identities[UNKNOWN_SIRET_EMAIL]["siret"] == UNKNOWN_SIRET
