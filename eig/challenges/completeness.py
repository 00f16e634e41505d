"""What a défi must contain before it can be submitted, section by section."""

from dataclasses import dataclass

from eig.challenges.enums import Approach
from eig.challenges.models import Challenge


@dataclass(frozen=True)
class Section:
    key: str
    title: str


SECTIONS = (
    Section("problem", "Le problème"),
    Section("policy", "La politique prioritaire"),
    Section("sponsor", "Le sponsor"),
    Section("experimentation", "Le plan d’expérimentation"),
    Section("indicators", "Les indicateurs de réussite"),
    Section("team", "L’équipe, le budget et l’autonomie"),
    Section("approach", "L’approche beta.gouv.fr"),
    Section("profiles", "Les profils recherchés"),
)

REQUIRED_TEXT = {
    "problem": (
        ("title", "le titre du défi"),
        ("problem", "la description du problème"),
        ("affected_users", "qui souffre du problème"),
    ),
    "sponsor": (
        ("sponsor_name", "le nom du sponsor"),
        ("sponsor_role", "la fonction du sponsor"),
        ("sponsor_commitment", "l’engagement du sponsor"),
    ),
    "experimentation": (
        ("first_users", "les premiers utilisateurs"),
        ("plan_3_months", "les objectifs à 3 mois"),
        ("plan_6_months", "les objectifs à 6 mois"),
    ),
    "team": (
        ("team", "l’équipe"),
        ("budget", "le budget"),
        ("autonomy", "les conditions d’autonomie"),
    ),
}


def missing_by_section(challenge: Challenge) -> dict[str, list[str]]:
    """For each incomplete section (by title), what is missing, in French."""
    missing: dict[str, list[str]] = {}
    for section in SECTIONS:
        gaps = _missing_in(challenge, section.key)
        if gaps:
            missing[section.title] = gaps
    return missing


def _missing_in(challenge: Challenge, key: str) -> list[str]:
    if key in REQUIRED_TEXT:
        return [
            label for field, label in REQUIRED_TEXT[key] if not getattr(challenge, field).strip()
        ]
    if key == "policy":
        has_policy = challenge.priority_policy_id or challenge.priority_policy_other.strip()
        return [] if has_policy else ["la politique prioritaire servie (ou « autre » précisée)"]
    if key == "indicators":
        return [] if challenge.indicators.exists() else ["au moins un indicateur"]
    if key == "approach":
        return _missing_approach(challenge)
    if key == "profiles":
        wanted = challenge.wants_product or challenge.wants_tech
        return [] if wanted else ["au moins un profil (produit ou technique)"]
    raise ValueError(key)


def _missing_approach(challenge: Challenge) -> list[str]:
    if not challenge.approach:
        return ["si le projet suit déjà l’approche beta.gouv.fr ou a besoin d’une investigation"]
    if challenge.approach == Approach.BETA:
        gaps = []
        if not challenge.beta_product_url:
            gaps.append("l’adresse de la fiche produit beta.gouv.fr")
        if not challenge.beta_phase:
            gaps.append("la phase beta.gouv.fr du produit")
        return gaps
    return []
