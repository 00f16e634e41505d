"""The API's response schemas, built from the open data's column definitions.

A record of the API has exactly the columns of the open-data file (same names, same
descriptions, same values), so that the files and the API cannot drift apart.
"""

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from eig.challenges import opendata as challenge_opendata
from eig.core.opendata import Column
from eig.impact import opendata as impact_opendata

_PYTHON_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": int | float,
    "boolean": bool,
    "date": datetime.date,
}


def record_schema(name: str, columns: tuple[Column, ...], **extra: Any) -> type[Schema]:
    """A schema with one field per column, typed and described as the column is."""
    fields: dict[str, Any] = {
        column.name: (
            _PYTHON_TYPES[column.type] | None,
            Field(None, description=str(column.description)),
        )
        for column in columns
    }
    return create_model(name, __base__=Schema, **fields, **extra)


class IndicatorRecord(Schema):
    nom: str = Field(description="Nom de l’indicateur.")
    unite: str = Field(description="Unité de mesure.")
    valeur_depart: str = Field(description="Valeur de départ (nombre décimal, en texte).")
    cible: str = Field(description="Valeur cible (nombre décimal, en texte).")


class MeasurementRecord(Schema):
    date: datetime.date = Field(description="Date de la mesure (AAAA-MM-JJ).")
    valeur: str = Field(description="Valeur mesurée (nombre décimal, en texte).")
    commentaire: str = Field(description="Commentaire public de la mesure.")


class IndicatorWithMeasurements(IndicatorRecord):
    mesures: list[MeasurementRecord] = Field(description="Les mesures, de la plus ancienne.")


DefiRecord = record_schema(
    "Defi",
    challenge_opendata.COLUMNS,
    indicateurs=(list[IndicatorRecord], Field(description="Les indicateurs du défi.")),
)
FigureRecord = record_schema("Chiffre", impact_opendata.FIGURE_COLUMNS)
PromotionRecord = record_schema("Promotion", impact_opendata.PROMOTION_COLUMNS)


class Envelope(Schema):
    licence: str = Field(description="Licence des données.")
    licence_url: str = Field(description="Texte de la licence.")
    producteur: str = Field(description="Producteur des données.")
    source: str = Field(description="Page publique d’où viennent les données.")
    generated_at: str = Field(description="Heure de génération (ISO 8601, Europe/Paris).")
    colonnes: dict[str, str] = Field(description="Description de chaque colonne.")


class DefisDocument(Envelope):
    defis: list[DefiRecord]  # type: ignore[valid-type]


class FiguresDocument(Envelope):
    chiffres: list[FigureRecord]  # type: ignore[valid-type]
    seuil_reponses: int = Field(description="Nombre de réponses sous lequel une part est tue.")


class PromotionsDocument(Envelope):
    promotions: list[PromotionRecord]  # type: ignore[valid-type]
    seuil_reponses: int = Field(description="Nombre de réponses sous lequel une part est tue.")


class DefiPage(Schema):
    next: str | None = Field(description="Adresse de la page suivante ; null à la fin.")
    results: list[DefiRecord]  # type: ignore[valid-type]
