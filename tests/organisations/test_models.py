import pytest
from django.core.exceptions import ValidationError

from eig.organisations.models import Organisation
from eig.organisations.validators import validate_siret
from tests.factories import AgentFactory, OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db


def test_visible_to_gives_staff_every_organisation_and_agents_their_own(staff, reviewer):
    agent = AgentFactory()
    own = agent.memberships.get().organisation
    other = OrganisationFactory()

    assert set(Organisation.objects.visible_to(staff)) >= {own, other}
    assert list(Organisation.objects.visible_to(agent)) == [own]
    assert not Organisation.objects.visible_to(reviewer).exists()
    assert not Organisation.objects.visible_to(None).exists()


def test_siret_messages_tell_length_from_checksum():
    good = valid_siret(7)
    wrong_key = good[:-1] + str((int(good[-1]) + 1) % 10)

    validate_siret(good)
    with pytest.raises(ValidationError) as length:
        validate_siret(good[:-1])
    with pytest.raises(ValidationError) as checksum:
        validate_siret(wrong_key)

    assert length.value.code == "length"
    assert "exactement 14 chiffres" in length.value.message
    assert checksum.value.code == "checksum"
    assert "clé de contrôle" in checksum.value.message
