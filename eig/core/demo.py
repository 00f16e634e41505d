"""Demo data for the embedded development mode: realistic, French, idempotent.

Every demo account's e-mail ends with DEMO_EMAIL_DOMAIN, which is how the demo
sign-in page finds them (and refuses anyone else).
"""

import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from faker import Faker
from stdnum import luhn

from eig.accounts.demo import demo_email
from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.candidacies.demo import demo_candidacies_seed
from eig.challenges.demo import demo_challenges_seed
from eig.organisations.enums import MembershipRole, OrganisationKind
from eig.organisations.models import Membership, Organisation
from eig.programmes.models import Programme, Promotion
from eig.programmes.selectors import current_programme
from eig.programmes.services import rounds_generate

FIRST_PROMOTION_YEAR_OF_SEVENTH = 2024


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    kind: str
    name: str
    acronym: str
    siren_stem: str


ORGANISATIONS = [
    DemoOrganisation(
        "dinum",
        OrganisationKind.CENTRAL,
        "Direction interministérielle du numérique",
        "DINUM",
        "13002534",
    ),
    DemoOrganisation(
        "dgfip",
        OrganisationKind.CENTRAL,
        "Direction générale des finances publiques",
        "DGFiP",
        "12000201",
    ),
    DemoOrganisation(
        "ddt69",
        OrganisationKind.DECONCENTRATED,
        "Direction départementale des territoires du Rhône",
        "DDT 69",
        "13000934",
    ),
    DemoOrganisation(
        "ofb", OrganisationKind.OPERATOR, "Office français de la biodiversité", "OFB", "13000814"
    ),
]


@dataclass(frozen=True)
class DemoUser:
    local_part: str
    role: str
    organisation_key: str | None = None


USERS = [
    DemoUser("equipe.programme", Role.STAFF),
    DemoUser("agent.dinum", Role.AGENT, "dinum"),
    DemoUser("agent.ddt69", Role.AGENT, "ddt69"),
    DemoUser("agent.ofb", Role.AGENT, "ofb"),
    DemoUser("evaluatrice", Role.REVIEWER),
    DemoUser("evaluateur", Role.REVIEWER),
    DemoUser("coach", Role.COACH),
    DemoUser("candidate.produit", Role.CANDIDATE),
    DemoUser("candidat.technique", Role.CANDIDATE),
]

DEMO_CANDIDATE_PASSWORD = "demo-eig-candidat-2026"  # noqa: S105 (demo mode only)


def demo_siret(stem: str) -> str:
    siren = stem + luhn.calc_check_digit(stem)
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


@transaction.atomic
def demo_seed() -> dict[str, int]:
    """Create (or leave as they are) the demo organisations, accounts and current promotion."""
    faker = Faker("fr_FR")
    faker.seed_instance(2026)
    random.seed(2026)
    organisations = {org.key: _organisation(org) for org in ORGANISATIONS}
    created_users = 0
    for demo_user in USERS:
        user, created = _user(demo_user, faker)
        created_users += created
        if demo_user.organisation_key:
            Membership.objects.get_or_create(
                user=user,
                organisation=organisations[demo_user.organisation_key],
                defaults={"role": MembershipRole.AGENT},
            )
    programme = current_programme()
    promotion = _current_promotion(programme) if programme is not None else None
    if programme is not None:
        _next_year_promotion(programme)
    staff = User.objects.get(email=demo_email("equipe.programme"))
    challenges = demo_challenges_seed(organisations=organisations, staff=staff, promotion=promotion)
    return {
        "organisations": len(organisations),
        "new_users": created_users,
        "new_challenges": challenges,
        "new_candidacies": demo_candidacies_seed(),
    }


def _organisation(demo: DemoOrganisation) -> Organisation:
    siret = demo_siret(demo.siren_stem)
    organisation = Organisation.objects.filter(siret=siret).first()
    if organisation is not None:
        return organisation
    # The imported history (``import_eig_site``) may hold this administration already,
    # without a SIRET: complete it rather than show two administrations of one name.
    historical = Organisation.objects.filter(siret__isnull=True, name__iexact=demo.name).first()
    if historical is not None:
        historical.siret = siret
        historical.kind = historical.kind or demo.kind
        historical.acronym = historical.acronym or demo.acronym
        historical.save(update_fields=["siret", "kind", "acronym", "updated_at"])
        return historical
    return Organisation.objects.create(
        siret=siret, kind=demo.kind, name=demo.name, acronym=demo.acronym
    )


def _user(demo: DemoUser, faker: Faker) -> tuple[User, bool]:
    # Names come from the seeded Faker, drawn in the same order on every run.
    first_name, last_name = faker.first_name(), faker.last_name()
    email = demo_email(demo.local_part)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email,
        password=DEMO_CANDIDATE_PASSWORD if demo.role == Role.CANDIDATE else None,
        first_name=first_name,
        last_name=last_name,
        role=demo.role,
        is_staff=demo.role == Role.STAFF,
    )
    if demo.role == Role.CANDIDATE:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, True


def _current_promotion(programme: Programme) -> Promotion:
    return _promotion_of(programme, timezone.localdate().year)


def _next_year_promotion(programme: Programme) -> Promotion:
    """Défis submitted after this year's last deadline go to next year's first round."""
    return _promotion_of(programme, timezone.localdate().year + 1)


def _promotion_of(programme: Programme, year: int) -> Promotion:
    number = 7 + year - FIRST_PROMOTION_YEAR_OF_SEVENTH
    promotion, created = Promotion.objects.get_or_create(
        programme=programme,
        year=year,
        defaults={"number": number, "label": f"{number}e promotion", "cap": 30},
    )
    if created or not promotion.rounds.exists():
        rounds_generate(promotion=promotion, year=year, by=None)
    return promotion
