"""The token pages: staff create any scope, agents their administration's défis."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.api.models import ApiToken, secret_hash
from tests.factories import AgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _form(**values):
    return {
        "name": "Site de la DGFIP",
        "scope": "defis:read",
        "organisation": "",
        "expires_on": (timezone.localdate() + timezone.timedelta(days=30)).isoformat(),
        **values,
    }


def test_staff_create_a_token_shown_once(client, staff):
    client.force_login(staff)
    response = client.post(reverse("api_tokens:staff_list"), _form(scope="candidatures:read"))
    assert response.status_code == 200
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    token = ApiToken.objects.get()
    assert token.key_hash == secret_hash(secret)
    assert secret not in client.get(reverse("api_tokens:staff_list")).content.decode()


def test_an_agent_creates_a_token_only_for_their_administration(client):
    agent = AgentFactory()
    own = agent.memberships.get().organisation
    client.force_login(agent)
    url = reverse("api_tokens:agent_list")
    refused = client.post(url, _form(organisation=OrganisationFactory().pk))
    assert refused.status_code == 200
    assert refused.context["form"].errors["organisation"]
    refused = client.post(url, _form(organisation=own.pk, scope="candidatures:read"))
    assert refused.context["form"].errors["scope"]
    assert not ApiToken.objects.exists()
    client.post(url, _form(organisation=own.pk))
    assert ApiToken.objects.get().organisation == own


def test_an_expiry_in_the_past_is_refused_in_french(client, staff):
    client.force_login(staff)
    response = client.post(reverse("api_tokens:staff_list"), _form(expires_on="2000-01-01"))
    assert "Indiquez une date entre demain et le" in str(response.context["form"].errors)
    assert not ApiToken.objects.exists()


def test_revoking_a_token(client, staff):
    client.force_login(staff)
    client.post(reverse("api_tokens:staff_list"), _form())
    token = ApiToken.objects.get()
    response = client.post(reverse("api_tokens:revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
