"""ProConnect sign-in, run for real against a local OpenID Connect provider."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import RequestFactory
from django.urls import reverse

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.oidc import ProConnectBackend, identity_from_claims
from eig.core.errors import DomainError
from eig.organisations.models import Membership
from tests.accounts.oidc_provider import local_provider, proconnect_identity
from tests.factories import CandidateFactory, OrganisationFactory, ReviewerFactory


def sign_in_with_proconnect(client, sub: str, *, start_url: str = "", follow: bool = False):
    """Click the ProConnect button, pick ``sub`` on the provider, come back to the callback."""
    start = client.get(start_url or reverse("oidc_authentication_init"))
    authorize_url = start["Location"]
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    back = urlparse(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}", follow=follow)


def test_the_authorization_request_uses_pkce_and_a_nonce(client, settings, db):
    with local_provider(settings, []):
        response = client.get(reverse("oidc_authentication_init"))

    query = parse_qs(urlparse(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0]
    assert query["nonce"][0]
    assert "siret" in query["scope"][0].split()


def test_a_new_agent_is_created_and_attached_to_the_administration_of_their_siret(
    client, settings, db
):
    organisation = OrganisationFactory()
    claire = proconnect_identity(
        sub="claire", email="claire.agent@finances.gouv.fr", siret=organisation.siret
    )
    with local_provider(settings, [claire]):
        response = sign_in_with_proconnect(client, "claire")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get(email="claire.agent@finances.gouv.fr")
    assert (user.role, user.first_name, user.last_name, user.proconnect_sub) == (
        Role.AGENT,
        "Claire",
        "Agent",
        "claire",
    )
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_agent_whose_siret_is_unknown_is_sent_to_the_attachment_page(client, settings, db):
    paul = proconnect_identity(
        sub="paul", email="paul@prefecture.gouv.fr", siret="110 002 011 00044"
    )
    with local_provider(settings, [paul]):
        response = sign_in_with_proconnect(client, "paul")

    assert response["Location"] == reverse("accounts:not_attached")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "11000201100044" in page.content.decode()
    assert "Comment être rattaché·e" in page.content.decode()


def test_the_next_page_is_honoured(client, settings, db):
    ReviewerFactory(email="relectrice@example.gouv.fr")
    identity = proconnect_identity(sub="relectrice", email="relectrice@example.gouv.fr")
    start = reverse("oidc_authentication_init") + "?next=/compte/mon-espace/?onglet=evaluations"
    with local_provider(settings, [identity]):
        response = sign_in_with_proconnect(client, "relectrice", start_url=start)

    assert response["Location"] == "/compte/mon-espace/?onglet=evaluations"


def test_proconnect_cannot_take_over_a_candidate_account(client, settings, db):
    CandidateFactory(email="jeanne@example.fr")
    identity = proconnect_identity(sub="jeanne", email="jeanne@example.fr")
    with local_provider(settings, [identity]):
        response = sign_in_with_proconnect(client, "jeanne", follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "compte candidat" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.get(email="jeanne@example.fr").role == Role.CANDIDATE


def test_a_refusal_on_the_provider_comes_back_with_a_french_message(client, settings, db):
    with local_provider(settings, []):
        start = client.get(reverse("oidc_authentication_init"))
        answer = requests.post(
            start["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10
        )
        back = urlparse(answer.headers["Location"])
        response = client.get(f"{back.path}?{back.query}", follow=True)

    assert "La connexion avec ProConnect n’a pas abouti" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_identity_reads_proconnect_claims():
    identity = identity_from_claims(
        {
            "sub": " abc ",
            "email": "Claire.Agent@Finances.gouv.fr",
            "given_name": "Claire",
            "usual_name": "Agent",
            "family_name": "Ignored",
            "siret": "130 025 265 00013",
        }
    )

    assert (identity.sub, identity.email, identity.last_name, identity.siret) == (
        "abc",
        "claire.agent@finances.gouv.fr",
        "Agent",
        "13002526500013",
    )


def test_identity_falls_back_on_the_standard_family_name():
    identity = identity_from_claims({"sub": "x", "email": "a@b.fr", "family_name": "Martin"})

    assert identity.last_name == "Martin"


@pytest.mark.parametrize(
    "claims", [{"sub": "x"}, {"email": "a@b.fr"}, {"sub": "x", "email": "nope"}]
)
def test_identity_needs_an_identifier_and_a_valid_email(claims):
    with pytest.raises(DomainError):
        identity_from_claims(claims)


def test_the_backend_ignores_sign_ins_that_do_not_come_from_the_callback(db):
    request = RequestFactory().post("/compte/login/?code=stolen&state=forged")

    assert ProConnectBackend().authenticate(request, email="a@b.fr", password="x") is None
