"""One vocabulary for who someone is: the roles' checks, said once for every app."""

import pathlib
import re

import pytest
from django.contrib.auth.models import AnonymousUser

import eig
from eig.accounts.permissions import has_role, is_staff, require_role, require_staff, role_of
from eig.core.errors import DomainError
from eig.organisations import services as organisation_services
from eig.programmes import services as programme_services
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def test_a_role_is_read_only_from_a_signed_in_user():
    assert role_of(AnonymousUser()) is None
    assert role_of(None) is None
    assert role_of(StaffFactory()) == "staff"
    assert has_role(AgentFactory(), "agent", "staff")
    assert is_staff(StaffFactory())
    assert not is_staff(CandidateFactory())


def test_services_refuse_an_actor_without_the_role():
    require_staff(StaffFactory())
    with pytest.raises(DomainError, match="Seule l’équipe du programme"):
        require_staff(AgentFactory())
    with pytest.raises(DomainError, match="Seule l’équipe du programme"):
        require_staff(None)
    require_staff(None, allow_system=True)  # the platform itself: a job, the demo data
    with pytest.raises(DomainError, match="le rôle"):
        require_role(CandidateFactory(), "agent", "staff")


@pytest.mark.parametrize("actor", [AgentFactory, CandidateFactory, lambda: None])
def test_the_programme_settings_and_administrations_check_their_actor(actor):
    programme = ProgrammeFactory()
    organisation = OrganisationFactory(acronym="DGA")
    with pytest.raises(DomainError):
        programme_services.programme_update(
            programme=programme, data={"max_choices": 5}, by=actor()
        )
    with pytest.raises(DomainError):
        organisation_services.organisation_update(
            organisation=organisation, data={"acronym": "DGX"}, by=actor()
        )
    programme.refresh_from_db()
    organisation.refresh_from_db()
    assert programme.max_choices != 5
    assert organisation.acronym == "DGA"


COPIES = re.compile(r"def (staff_only|_require_staff|require_staff|_role|is_programme_staff)\b")


def test_the_staff_check_is_defined_once():
    root = pathlib.Path(eig.__file__).parent
    definitions = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("*.py")
        for match in COPIES.finditer(path.read_text())
    ]
    assert sorted(definitions) == [
        "accounts/models.py: def is_programme_staff",  # the User's own helper, a property
        "accounts/permissions.py: def require_staff",
    ]
