"""Create the EIG programme's settings: pay grid, scoring grid, 7th promotion and its rounds.

Idempotent (every row is fetched or created), so running it on a database that
already holds some of these rows changes nothing. The reverse is a no-op: the
programme team may have built on these rows since.

The round dates come from ``eig.programmes.round_dates``, which is pure date
arithmetic and never imports a model, so this migration stays valid when the
models change.
"""

import datetime
from decimal import Decimal

from django.db import migrations

from eig.programmes.round_dates import two_monthly_round_dates

EIG_PROGRAMME_SLUG = "eig"
EIG_PROGRAMME_NAME = "Entrepreneur·es d’intérêt général"

PAY_GRID_NAME = "Grille 2024"
PAY_GRID_VALID_FROM = datetime.date(2024, 1, 1)
# (level, monthly net in euros, variable part rate in %, from this many years of experience)
PAY_LEVELS = (
    (1, Decimal("4250.00"), Decimal("6.00"), 0),
    (2, Decimal("5000.00"), Decimal("10.00"), 10),
)

SCORING_GRID_NAME = "Grille d’évaluation des candidatures"
# (stage, label, description)
CRITERIA = (
    (
        "file",
        "Cohérence du profil",
        "Le parcours correspond au poste visé (direction produit ou technique) "
        "et au niveau d’exigence du programme.",
    ),
    (
        "file",
        "Expérience entrepreneuriale",
        "La personne a créé ou mené des produits ou des structures, "
        "avec des résultats concrets et des responsabilités réelles.",
    ),
    (
        "interview",
        "Adaptabilité",
        "Capacité à s’ajuster à une administration, à ses contraintes et à l’imprévu.",
    ),
    (
        "interview",
        "Communication",
        "Clarté, écoute et capacité à convaincre des interlocuteurs variés.",
    ),
    (
        "interview",
        "Intérêt pour les thématiques",
        "Compréhension et motivation pour le sujet du défi et pour l’intérêt général.",
    ),
)

PROMOTION_NUMBER = 7
PROMOTION_LABEL = "7e promotion"
PROMOTION_YEAR = 2024
PROMOTION_CAP = 30


def create_eig_programme(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    programme, _ = Programme.objects.get_or_create(
        slug=EIG_PROGRAMME_SLUG, defaults={"name": EIG_PROGRAMME_NAME}
    )
    _create_pay_grid(apps, programme)
    _create_scoring_grid(apps, programme)
    _create_promotion_and_rounds(apps, programme)


def _create_pay_grid(apps, programme):
    PayGrid = apps.get_model("programmes", "PayGrid")
    PayLevel = apps.get_model("programmes", "PayLevel")
    grid, _ = PayGrid.objects.get_or_create(
        programme=programme, valid_from=PAY_GRID_VALID_FROM, defaults={"name": PAY_GRID_NAME}
    )
    for level, monthly_net, variable_rate, min_experience_years in PAY_LEVELS:
        PayLevel.objects.get_or_create(
            grid=grid,
            level=level,
            defaults={
                "monthly_net": monthly_net,
                "variable_rate": variable_rate,
                "min_experience_years": min_experience_years,
            },
        )


def _create_scoring_grid(apps, programme):
    ScoringGrid = apps.get_model("programmes", "ScoringGrid")
    Criterion = apps.get_model("programmes", "Criterion")
    grid, _ = ScoringGrid.objects.get_or_create(
        programme=programme, name=SCORING_GRID_NAME, defaults={"is_active": True}
    )
    for position, (stage, label, description) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            grid=grid,
            stage=stage,
            label=label,
            defaults={
                "description": description,
                "position": position,
                "min_score": 0,
                "max_score": 5,
            },
        )


def _create_promotion_and_rounds(apps, programme):
    Promotion = apps.get_model("programmes", "Promotion")
    Round = apps.get_model("programmes", "Round")
    promotion, _ = Promotion.objects.get_or_create(
        programme=programme,
        number=PROMOTION_NUMBER,
        defaults={"label": PROMOTION_LABEL, "year": PROMOTION_YEAR, "cap": PROMOTION_CAP},
    )
    for dates in two_monthly_round_dates(PROMOTION_YEAR):
        Round.objects.get_or_create(
            promotion=promotion, number=dates.number, defaults=dates.as_fields()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_settings_validation"),
    ]

    operations = [
        migrations.RunPython(create_eig_programme, migrations.RunPython.noop, elidable=False),
    ]
