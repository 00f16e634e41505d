"""Every open-data CSV validates against its published Table Schema (frictionless)."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from frictionless import Resource, Schema
from stdnum import luhn

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.core.opendata import SIRET_PATTERN
from eig.impact.enums import Workplace
from eig.programmes.models import Promotion
from tests.factories import (
    AlumniPathFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    IndicatorFactory,
    OrganisationFactory,
    PromotionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

DATASETS = [
    ("challenges:opendata_csv", "challenges:opendata_schema"),
    ("impact:figures_csv", "impact:figures_schema"),
    ("impact:promotions_csv", "impact:promotions_schema"),
]


@pytest.fixture
def published_data():
    """Défis of every public status, a historical one without SIRET, a formula-like
    acronym, a side promotion, an outcome, alumni answers: every kind of cell."""
    promotion = PromotionFactory(number=7, year=2024, label="7e promotion")
    Promotion.objects.create(
        programme=promotion.programme, number=7, year=2024, label="7e – annexe", parent=promotion
    )
    for index, status in enumerate(
        [ChallengeStatus.SELECTED, ChallengeStatus.RUNNING, ChallengeStatus.COMPLETED]
    ):
        challenge = ChallengeFactory(
            complete=True,
            status=status,
            promotion=promotion,
            round=RoundFactory(promotion=promotion),
            decided_at=timezone.now(),
            organisation=OrganisationFactory(acronym="=SOMME(A1)" if index == 0 else "DGFIP"),
            outcome=Outcome.CARRIED_ON if status == ChallengeStatus.COMPLETED else "",
        )
        IndicatorFactory(challenge=challenge)
    ChallengeFactory(
        complete=True,
        status=ChallengeStatus.COMPLETED,
        promotion=promotion,
        source_ref="historique-1",
        organisation=OrganisationFactory(siret=None),
    )
    HistoricalParticipantFactory(promotions=[promotion])
    AlumniPathFactory(
        promotion=promotion, answer=Workplace.PUBLIC_SECTOR, answered_at=timezone.now()
    )


def _download(client, csv_name, schema_name, folder: Path) -> tuple[Path, Path]:
    csv_response = client.get(reverse(csv_name))
    schema_url = reverse(schema_name)
    assert f'<{schema_url}>; rel="describedby"' in csv_response["Link"]
    body = (
        b"".join(csv_response.streaming_content) if csv_response.streaming else csv_response.content
    )
    csv_path = folder / f"{schema_name.split(':')[1]}.csv"
    csv_path.write_bytes(body)
    schema_path = folder / f"{schema_name.split(':')[1]}.json"
    schema_path.write_bytes(client.get(schema_url).content)
    return csv_path, schema_path


@pytest.mark.parametrize(("csv_name", "schema_name"), DATASETS)
def test_each_csv_validates_against_its_schema(
    client, published_data, tmp_path, csv_name, schema_name
):
    csv_path, schema_path = _download(client, csv_name, schema_name, tmp_path)
    schema = Schema.from_descriptor(json.loads(schema_path.read_text()))
    report = Resource(path=csv_path.name, basepath=str(csv_path.parent), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 1


def test_the_frictionless_command_accepts_the_files(client, published_data, tmp_path):
    for csv_name, schema_name in DATASETS:
        csv_path, schema_path = _download(client, csv_name, schema_name, tmp_path)
        result = subprocess.run(  # noqa: S603 (our own files)
            [
                str(Path(sys.executable).parent / "frictionless"),
                "validate",
                csv_path.name,
                "--schema",
                schema_path.name,
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_cell_is_caught_by_the_schema(client, published_data, tmp_path):
    csv_path, schema_path = _download(
        client, "challenges:opendata_csv", "challenges:opendata_schema", tmp_path
    )
    text = csv_path.read_text().replace(",true,", ",peut-être,", 1)
    csv_path.write_text(text)
    schema = Schema.from_descriptor(json.loads(schema_path.read_text()))
    assert (
        not Resource(path=csv_path.name, basepath=str(csv_path.parent), schema=schema)
        .validate()
        .valid
    )


def test_every_siret_has_14_digits_and_a_valid_luhn_key(client, published_data):
    schema = client.get(reverse("challenges:opendata_schema")).json()
    siret_fields = [
        f for f in schema["fields"] if f.get("constraints", {}).get("pattern") == SIRET_PATTERN
    ]
    assert [f["name"] for f in siret_fields] == ["siret"]
    assert "Luhn" in siret_fields[0]["description"]
    body = b"".join(client.get(reverse("challenges:opendata_csv")).streaming_content)
    sirets = [row["siret"] for row in csv.DictReader(io.StringIO(body.decode()))]
    assert "" in sirets  # the historical administration has none
    for siret in filter(None, sirets):
        assert len(siret) == 14
        assert luhn.is_valid(siret), siret


def test_the_schema_fields_are_the_csv_columns(client, published_data):
    for csv_name, schema_name in DATASETS:
        response = client.get(reverse(csv_name))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        header = next(csv.reader(io.StringIO(body.decode())))
        schema = client.get(reverse(schema_name)).json()
        assert [field["name"] for field in schema["fields"]] == header
