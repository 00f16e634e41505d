"""Table Schemas (frictionless specification) of the open data CSV files.

Each schema is generated from the same column definitions (``eig.core.opendata.Column``)
as the files, the documentation page and the API, and served beside its file. The
conventions of the files are written into it: an empty cell is a missing value, booleans
are ``true``/``false``, dates ISO 8601, numbers with a decimal point.

A SIRET column carries the 14-digit pattern; Table Schema has no constraint for its Luhn
key, so its description says it and the platform's tests check it on every file.
"""

from typing import Any

from eig.core.opendata import LICENCE, LICENCE_URL, SIRET_PATTERN, Column

TABLE_SCHEMA_PROFILE = "https://specs.frictionlessdata.io/schemas/table-schema.json"
LUHN_NOTE = (
    " Les 14 chiffres respectent la clé de contrôle de Luhn (vérifiée par les tests de la "
    "plateforme : Table Schema n’a pas de contrainte pour l’exprimer)."
)
_TYPE_DETAILS: dict[str, dict[str, Any]] = {
    "boolean": {"trueValues": ["true"], "falseValues": ["false"]},
    "number": {"decimalChar": ".", "groupChar": ""},
    "date": {"format": "default"},
}


def _field(column: Column) -> dict[str, Any]:
    description = str(column.description)
    field: dict[str, Any] = {"name": column.name, "type": column.type}
    field.update(_TYPE_DETAILS.get(column.type, {}))
    if column.pattern:
        field["constraints"] = {"pattern": column.pattern}
        if column.pattern == SIRET_PATTERN:
            description += LUHN_NOTE
    field["description"] = description
    return field


def table_schema(*, columns: tuple[Column, ...], title: str, path: str) -> dict[str, Any]:
    """The Table Schema of a CSV file whose columns are ``columns``."""
    return {
        "$schema": TABLE_SCHEMA_PROFILE,
        "title": title,
        "description": f"Schéma du fichier {path} ({LICENCE} : {LICENCE_URL}).",
        "fields": [_field(column) for column in columns],
        "missingValues": [""],
        "primaryKey": [columns[0].name] if columns[0].name == "id" else [],
    }
