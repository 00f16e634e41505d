"""Demo défis at each stage of their life, made through the services where the flow
allows it, so that their history reads like a real one (a demo step listed in
``EIG_DEMO_STEPS``, after the administrations' and the promotions')."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from eig.accounts.demo import demo_email
from eig.accounts.models import User
from eig.challenges.enums import Approach, Outcome
from eig.challenges.models import Challenge, PriorityPolicy
from eig.challenges.services.challenges import (
    challenge_create,
    challenge_submit,
    challenge_transition,
    challenge_update,
    indicator_save,
)
from eig.challenges.services.results import measurement_add
from eig.challenges.workflow import CHALLENGE_WORKFLOW
from eig.core.french import plural
from eig.core.workflow import transition_apply
from eig.organisations.demo import demo_organisations
from eig.organisations.models import Organisation
from eig.programmes.demo import demo_current_promotion
from eig.programmes.models import Promotion

POLICIES = [
    "Transition écologique",
    "Simplification administrative",
    "Accès aux droits et lutte contre le non-recours",
    "Santé",
    "Éducation et jeunesse",
]


@dataclass(frozen=True)
class DemoChallenge:
    organisation_key: str
    agent: str
    title: str
    # "draft" (incomplete), "submitted", "recruiting" (open to the current round's
    # candidates), "running" (with measured indicators) or "completed" (with its outcome)
    stage: str
    policy: str
    fields: dict[str, Any] = field(default_factory=dict)


def _complete_fields(problem: str, users: str) -> dict[str, Any]:
    return {
        "problem": problem,
        "affected_users": users,
        "sponsor_name": "Sylvie Marchand",
        "sponsor_role": "Directrice générale",
        "sponsor_commitment": (
            "Je m’engage à donner à l’équipe l’autonomie nécessaire, à lever les blocages "
            "et à faire le point avec elle chaque mois."
        ),
        "first_users": "Deux territoires pilotes volontaires.",
        "plan_3_months": "Un premier service testé avec une cinquantaine d’usagers.",
        "plan_6_months": "Le service ouvert dans dix territoires, mesuré chaque semaine.",
        "team": "Une cheffe de projet à plein temps et deux agents experts du métier.",
        "budget": "250 000 € par an, hors rémunération des EIG.",
        "autonomy": "L’équipe choisit ses outils, publie son code et rend compte au sponsor.",
        "approach": Approach.INVESTIGATION,
        "wants_product": True,
        "wants_tech": True,
    }


CHALLENGES = [
    DemoChallenge(
        "dinum",
        "agent.dinum",
        "Rendre les démarches en ligne accessibles à tous",
        "draft",
        "Simplification administrative",
        {"problem": "Trop de démarches en ligne restent inutilisables avec un lecteur d’écran."},
    ),
    DemoChallenge(
        "ddt69",
        "agent.ddt69",
        "Instruire plus vite les permis de construire",
        "submitted",
        "Simplification administrative",
        _complete_fields(
            "Les délais d’instruction dépassent souvent les délais légaux.",
            "Les particuliers, les mairies et les instructeurs de la DDT.",
        ),
    ),
    DemoChallenge(
        "ofb",
        "agent.ofb",
        "Suivre la biodiversité avec les observations citoyennes",
        "recruiting",
        "Transition écologique",
        _complete_fields(
            "Les observations naturalistes sont dispersées et difficiles à exploiter.",
            "Les agents de terrain, les associations et les bénévoles.",
        ),
    ),
    DemoChallenge(
        "ofb",
        "agent.ofb",
        "Connaître en continu la qualité de l’eau des rivières",
        "running",
        "Transition écologique",
        _complete_fields(
            "Les analyses de l’eau arrivent des semaines après les prélèvements.",
            "Les agents de police de l’eau et les syndicats de rivière.",
        ),
    ),
    DemoChallenge(
        "ddt69",
        "agent.ddt69",
        "Répondre en ligne aux demandes de défrichement",
        "completed",
        "Simplification administrative",
        _complete_fields(
            "Les demandes de défrichement arrivent sur papier et attendent des mois.",
            "Les propriétaires forestiers et les instructeurs de la DDT.",
        ),
    ),
    DemoChallenge(
        "dgfip",
        "agent.dinum",
        "Aider les usagers à déclarer sans erreur",
        "recruiting",
        "Accès aux droits et lutte contre le non-recours",
        _complete_fields(
            "Des erreurs de déclaration privent des usagers de droits auxquels ils ont accès.",
            "Les usagers qui déclarent pour la première fois.",
        ),
    ),
]


def demo_challenges_seed() -> str:
    organisations = demo_organisations()
    staff = User.objects.get(email=demo_email("equipe.programme"))
    promotion = demo_current_promotion()
    for name in POLICIES:
        PriorityPolicy.objects.get_or_create(name=name)
    created = 0
    for demo in CHALLENGES:
        if Challenge.objects.filter(title=demo.title).exists():
            continue
        _demo_challenge(demo, organisations[demo.organisation_key], staff, promotion)
        created += 1
    return plural(created, "{n} nouveau défi", "{n} nouveaux défis")


def _demo_challenge(
    demo: DemoChallenge, organisation: Organisation, staff: User, promotion: Promotion | None
) -> None:
    agent = User.objects.get(email__startswith=f"{demo.agent}@")
    if not organisation.memberships.filter(user=agent).exists():
        organisation.memberships.create(user=agent)
    challenge = challenge_create(organisation=organisation, by=agent, title=demo.title)
    data = {**demo.fields, "priority_policy": PriorityPolicy.objects.get(name=demo.policy)}
    challenge = challenge_update(challenge=challenge, by=agent, data=data)
    if demo.stage == "draft":
        return
    indicator_save(
        challenge=challenge,
        by=agent,
        data={
            "name": "Délai moyen de traitement",
            "unit": "jours",
            "baseline": Decimal(90),
            "target": Decimal(30),
            "data_source": "Tableau de bord du service",
        },
    )
    if demo.stage == "submitted":
        challenge_submit(challenge=challenge, by=agent)
        return
    _make_recruiting(challenge, staff, promotion)
    if demo.stage in ("running", "completed"):
        _make_running(challenge, staff, agent)
    if demo.stage == "completed":
        challenge.refresh_from_db()
        challenge_transition(
            challenge=challenge,
            by=staff,
            name="complete",
            message="Le service est repris par la DDT, qui l’a ouvert à tout le département.",
            outcome=Outcome.CARRIED_ON,
        )


def _make_recruiting(challenge: Challenge, staff: User, promotion: Promotion | None) -> None:
    """Demo shortcut: place the défi in the current promotion, selected and recruiting,
    so that the demo candidates can choose it in the round open now."""
    with transaction.atomic():
        challenge = transition_apply(
            workflow=CHALLENGE_WORKFLOW,
            instance=challenge,
            name="demo_investigate",
            by=None,
            comment="Données de démonstration : défi placé en instruction dans la promotion "
            "en cours.",
            extra_fields={"promotion": promotion},
        )
    challenge = challenge_transition(
        challenge=challenge, by=staff, name="select", message="Un défi prioritaire et bien porté."
    )
    challenge_transition(challenge=challenge, by=staff, name="open_recruitment")


# Days before today of the demo measurements, and the values measured.
DEMO_MEASUREMENTS = ((120, Decimal(85)), (60, Decimal(62)), (20, Decimal(41)))


def _make_running(challenge: Challenge, staff: User, agent: User) -> None:
    """Demo shortcut: the team is in place and the défi runs; its agent has measured
    its first indicator three times."""
    challenge.refresh_from_db()
    challenge = challenge_transition(challenge=challenge, by=staff, name="mark_staffed")
    challenge_transition(challenge=challenge, by=staff, name="start")
    indicator = challenge.indicators.order_by("position", "pk").first()
    if indicator is None:
        return
    today = timezone.localdate()
    for days_ago, value in DEMO_MEASUREMENTS:
        measurement_add(
            indicator=indicator,
            by=agent,
            value=value,
            measured_on=today - datetime.timedelta(days=days_ago),
            comment="Mesure de démonstration.",
        )
