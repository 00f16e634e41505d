"""Factories shared by the whole suite. Apps add theirs here or in tests/<app>/factories.py."""

import factory
from factory.django import DjangoModelFactory
from stdnum import luhn

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.organisations.enums import OrganisationKind
from eig.organisations.models import Membership, Organisation

DEFAULT_PASSWORD = "un-mot-de-passe-de-test-solide"


def valid_siret(seed: int) -> str:
    """A SIRET that passes the checks (SIREN and SIRET Luhn keys), different for each seed."""
    siren = f"{13000000 + seed:08d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}{seed % 10000:04d}"
    return body + luhn.calc_check_digit(body)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.CANDIDATE
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CandidateFactory(UserFactory):
    role = Role.CANDIDATE

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.CENTRAL
    name = factory.Sequence(lambda n: f"Direction de test n° {n}")
    siret = factory.Sequence(valid_siret)


class AgentFactory(UserFactory):
    role = Role.AGENT
    email = factory.Sequence(lambda n: f"agent{n}@administration.gouv.fr")

    @factory.post_generation
    def organisation(obj, create, extracted, **kwargs):  # noqa: N805
        if not create or extracted is False:
            return
        organisation = extracted or OrganisationFactory()
        Membership.objects.get_or_create(user=obj, organisation=organisation)


class ReviewerFactory(UserFactory):
    role = Role.REVIEWER
    email = factory.Sequence(lambda n: f"evaluateur{n}@example.gouv.fr")


class CoachFactory(UserFactory):
    role = Role.COACH
    email = factory.Sequence(lambda n: f"coach{n}@beta.gouv.fr")


class StaffFactory(UserFactory):
    role = Role.STAFF
    email = factory.Sequence(lambda n: f"equipe{n}@numerique.gouv.fr")
