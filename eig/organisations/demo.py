"""Demo administrations and their agents (a demo step listed in ``EIG_DEMO_STEPS``)."""

from dataclasses import dataclass

from stdnum import luhn

from eig.accounts.demo import demo_email
from eig.accounts.models import User
from eig.core.french import plural
from eig.organisations.enums import MembershipRole, OrganisationKind
from eig.organisations.models import Membership, Organisation


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

# The demo agents (eig/accounts/demo.py) and the administration each is a member of.
AGENTS = [("agent.dinum", "dinum"), ("agent.ddt69", "ddt69"), ("agent.ofb", "ofb")]


def demo_siret(stem: str) -> str:
    siren = stem + luhn.calc_check_digit(stem)
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


def demo_organisations_seed() -> str:
    """Create (or complete) the demo administrations, then make the demo agents members."""
    organisations = {org.key: _organisation(org) for org in ORGANISATIONS}
    for local_part, key in AGENTS:
        Membership.objects.get_or_create(
            user=User.objects.get(email=demo_email(local_part)),
            organisation=organisations[key],
            defaults={"role": MembershipRole.AGENT},
        )
    return plural(len(organisations), "{n} administration", "{n} administrations")


def demo_organisations() -> dict[str, Organisation]:
    """The demo administrations by key, once their step has run."""
    return {
        org.key: Organisation.objects.get(siret=demo_siret(org.siren_stem)) for org in ORGANISATIONS
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
