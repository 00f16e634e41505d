"""Factories shared by the whole suite. Apps add theirs here or in tests/<app>/factories.py."""

from datetime import date, timedelta
from decimal import Decimal

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
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CandidateFactory(UserFactory):
    role = Role.CANDIDATE

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
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
    def organisation(obj, create, extracted, **kwargs):
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


# Défis (eig/challenges)
class PriorityPolicyFactory(DjangoModelFactory):
    class Meta:
        model = "challenges.PriorityPolicy"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Politique prioritaire n° {n}")


class ChallengeFactory(DjangoModelFactory):
    """A draft défi. Trait ``complete`` fills every section so it can be submitted;
    statuses beyond draft should be reached through the services in tests of workflows."""

    class Meta:
        model = "challenges.Challenge"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Défi numéro {n}")

    class Params:
        complete = factory.Trait(
            problem="Les usagers attendent des mois une réponse à leur demande.",
            affected_users="Les demandeurs et les agents instructeurs.",
            priority_policy=factory.SubFactory(PriorityPolicyFactory),
            sponsor_name="Claire Dupont",
            sponsor_role="Directrice générale",
            sponsor_commitment="Je m’engage à soutenir l’équipe et à lever les blocages.",
            first_users="Deux départements pilotes.",
            plan_3_months="Un premier service en ligne testé avec 50 usagers.",
            plan_6_months="Le service ouvert dans 10 départements.",
            team="Un agent à plein temps et un développeur.",
            budget="200 000 € par an.",
            autonomy="L’équipe choisit ses outils et publie son code.",
            approach="investigation",
            wants_product=True,
            wants_tech=True,
            indicator=factory.RelatedFactory(
                "tests.factories.IndicatorFactory", factory_related_name="challenge"
            ),
        )


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = "challenges.Indicator"

    challenge = factory.SubFactory(ChallengeFactory)
    name = "Délai moyen de traitement"
    unit = "jours"
    baseline = 90
    target = 15
    data_source = "Tableau de bord du service instructeur"


# Programme settings (eig/programmes)
class ProgrammeFactory(DjangoModelFactory):
    """The EIG programme (the data migration creates it; transactional tests flush it)."""

    class Meta:
        model = "programmes.Programme"
        django_get_or_create = ("slug",)

    slug = "eig"
    name = "Entrepreneur·es d’intérêt général"


class PromotionFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Promotion"
        django_get_or_create = ("programme", "number")

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: 100 + n)
    label = factory.LazyAttribute(lambda o: f"{o.number}e promotion")
    year = 2026
    cap = 30


class RoundFactory(DjangoModelFactory):
    """A round whose dates follow the generator's calendar, opening on ``opens_on``."""

    class Meta:
        model = "programmes.Round"

    promotion = factory.SubFactory(PromotionFactory)
    number = factory.Sequence(lambda n: 100 + n)
    opens_on = date(2026, 1, 1)
    challenge_deadline = factory.LazyAttribute(lambda o: o.opens_on + timedelta(weeks=3))
    application_deadline = factory.LazyAttribute(lambda o: o.opens_on + timedelta(weeks=5))
    committee_on = factory.LazyAttribute(lambda o: o.opens_on + timedelta(weeks=7))
    starts_on = factory.LazyAttribute(lambda o: o.opens_on + timedelta(weeks=9))


class PayGridFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.PayGrid"

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Grille de test n° {n}")
    valid_from = factory.Sequence(lambda n: date(2030, 1, 1) + timedelta(days=n))


class PayLevelFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.PayLevel"

    grid = factory.SubFactory(PayGridFactory)
    level = 1
    monthly_net = Decimal("4250.00")
    variable_rate = Decimal("6.00")
    min_experience_years = 0


class ScoringGridFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ScoringGrid"

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Grille d’évaluation n° {n}")


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Criterion"

    grid = factory.SubFactory(ScoringGridFactory)
    stage = "file"
    label = factory.Sequence(lambda n: f"Critère n° {n}")
    description = "Ce que l’on regarde."


# Candidatures (eig/candidacies)
def open_round(**kwargs):
    """A round open today for défis and applications."""
    from django.utils import timezone

    return RoundFactory(opens_on=timezone.localdate() - timedelta(days=3), **kwargs)


class CandidateProfileFactory(DjangoModelFactory):
    """A candidate's profile. Trait ``complete`` adds a venture and a CV so they may apply."""

    class Meta:
        model = "candidacies.Candidate"
        skip_postgeneration_save = True

    user = factory.SubFactory(CandidateFactory)
    track = "product"
    experience_years = 12
    skills = "Produit, recherche utilisateur, pilotage d’équipe"

    class Params:
        complete = factory.Trait(
            venture=factory.RelatedFactory(
                "tests.factories.VentureFactory", factory_related_name="candidate"
            ),
            cv=factory.django.FileField(filename="cv.pdf", data=b"%PDF-1.4\n% CV de test\n"),
        )


class VentureFactory(DjangoModelFactory):
    class Meta:
        model = "candidacies.Venture"

    candidate = factory.SubFactory(CandidateProfileFactory)
    name = factory.Sequence(lambda n: f"Start-up n° {n}")
    role = "cofounder"
    start_year = 2015
    end_year = 2020
    team_size = 12
    outcome = "acquired"


class CandidacyFactory(DjangoModelFactory):
    """A draft application; submit it through the services when the status matters."""

    class Meta:
        model = "candidacies.Candidacy"

    candidate = factory.SubFactory(CandidateProfileFactory, complete=True)
    round = factory.LazyFunction(open_round)
    motivation = "Je veux mettre mon expérience au service de l’action publique."


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = "challenges.Measurement"

    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("30")
    measured_on = factory.LazyFunction(lambda: date(2026, 3, 1))


class HistoricalParticipantFactory(DjangoModelFactory):
    """An EIG of the imported history; pass ``promotions=[...]`` and ``challenges=[...]``."""

    class Meta:
        model = "impact.HistoricalParticipant"
        skip_postgeneration_save = True

    source_ref = factory.Sequence(lambda n: f"eig-site:personnes/personne-test-{n}.md")
    job = "Développeur"

    @factory.post_generation
    def promotions(self, create, extracted, **kwargs):
        if create and extracted:
            self.promotions.set(extracted)

    @factory.post_generation
    def challenges(self, create, extracted, **kwargs):
        if create and extracted:
            self.challenges.set(extracted)


class AlumniPathFactory(DjangoModelFactory):
    """A survey sent to an alumnus; set ``answer`` and ``answered_at`` for an answered one."""

    class Meta:
        model = "impact.AlumniPath"

    person = factory.SubFactory(CandidateFactory)
    promotion = factory.SubFactory(PromotionFactory)
    wave = 6
    contract_end = factory.LazyFunction(lambda: date(2026, 1, 31))
    token = factory.Sequence(lambda n: f"jeton-d-enquete-de-test-{n:08d}")
