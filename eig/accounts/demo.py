"""Demo accounts: the people a newcomer can sign in as in demo mode, and the demo step
that creates them (listed in ``EIG_DEMO_STEPS``, run by ``seed_demo``).

Every demo account's e-mail ends with ``@`` + DEMO_EMAIL_DOMAIN; the demo pages
list and sign in only those accounts, whatever the URL asks.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from faker import Faker

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.core.french import plural

DEMO_EMAIL_DOMAIN = "demo.eig.beta.gouv.fr"
DEMO_CANDIDATE_PASSWORD = "demo-eig-candidat-2026"  # noqa: S105 (demo mode only)


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def is_demo_email(email: str) -> bool:
    return email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}")


@dataclass(frozen=True)
class DemoUser:
    local_part: str
    role: str


# The agents' administrations are in eig/organisations/demo.py.
USERS = [
    DemoUser("equipe.programme", Role.STAFF),
    DemoUser("agent.dinum", Role.AGENT),
    DemoUser("agent.ddt69", Role.AGENT),
    DemoUser("agent.ofb", Role.AGENT),
    DemoUser("evaluatrice", Role.REVIEWER),
    DemoUser("evaluateur", Role.REVIEWER),
    DemoUser("coach", Role.COACH),
    DemoUser("candidate.produit", Role.CANDIDATE),
    DemoUser("candidat.technique", Role.CANDIDATE),
]


def demo_accounts_seed() -> str:
    """Create the demo accounts that do not exist yet, one per role at least."""
    faker = Faker("fr_FR")
    faker.seed_instance(2026)
    created = sum(_user(demo_user, faker) for demo_user in USERS)
    return plural(created, "{n} nouveau compte", "{n} nouveaux comptes") + (
        f" (@{DEMO_EMAIL_DOMAIN}, mot de passe des candidat·es : {DEMO_CANDIDATE_PASSWORD})"
    )


def _user(demo: DemoUser, faker: Faker) -> bool:
    # Names come from the seeded Faker, drawn in the same order on every run.
    first_name, last_name = faker.first_name(), faker.last_name()
    email = demo_email(demo.local_part)
    if User.objects.filter(email=email).exists():
        return False
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
    return True
