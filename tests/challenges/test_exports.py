"""The staff exports: same filters as the list, stable columns, streamed, bounded queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from eig.challenges.enums import ChallengeStatus
from eig.challenges.exports import HEADER
from eig.challenges.models import Challenge, Opinion
from tests.factories import ChallengeFactory, CoachFactory, OrganisationFactory, RoundFactory
from tests.staff_csv import staff_csv_table

CSV_URL = reverse("challenges:staff_export_csv")
XLSX_URL = reverse("challenges:staff_export_xlsx")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(staff_csv_table(content)), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def test_the_columns_are_stable():
    assert HEADER == [
        "id",
        "titre",
        "administration",
        "sigle",
        "session",
        "promotion",
        "statut",
        "statut_libelle",
        "politique_prioritaire",
        "profil_produit",
        "profil_technique",
        "approche",
        "sponsor",
        "fonction_sponsor",
        "depose_le",
        "decide_le",
        "avis_demandes",
        "avis_rendus",
        "lien",
    ]


def test_the_csv_export_follows_the_filters(staff_client):
    organisation = OrganisationFactory(name="Ministère des tests", acronym="MT")
    kept = ChallengeFactory(
        title="Gardé", organisation=organisation, status=ChallengeStatus.SUBMITTED, complete=True
    )
    Opinion.objects.create(challenge=kept, coach=CoachFactory())
    ChallengeFactory(title="Écarté", status=ChallengeStatus.DRAFT)
    response = staff_client.get(CSV_URL, {"status": "submitted"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="defis-')
    rows = _csv(response)
    assert rows[0] == HEADER
    assert len(rows) == 2
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["titre"] == "Gardé"
    assert row["administration"] == "Ministère des tests"
    assert row["sigle"] == "MT"
    assert row["statut"] == "submitted"
    assert row["statut_libelle"] == "Déposé"
    assert (row["profil_produit"], row["profil_technique"]) == ("oui", "oui")
    assert (row["avis_demandes"], row["avis_rendus"]) == ("1", "0")
    assert row["lien"].endswith(reverse("challenges:staff_detail", kwargs={"pk": kept.pk}))


def test_a_cell_that_looks_like_a_formula_is_neutralised(staff_client):
    ChallengeFactory(title='=HYPERLINK("http://evil.example")')
    rows = _csv(staff_client.get(CSV_URL))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'
    sheet = _xlsx(staff_client.get(XLSX_URL))
    assert sheet[1][1] == '\'=HYPERLINK("http://evil.example")'


def test_the_xlsx_export_has_the_same_columns_and_rows(staff_client):
    round_ = RoundFactory()
    ChallengeFactory(title="Dans la session", round=round_, status=ChallengeStatus.SUBMITTED)
    ChallengeFactory(title="Hors session")
    response = staff_client.get(XLSX_URL, {"round": round_.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]
    rows = _xlsx(response)
    assert list(rows[0]) == HEADER
    assert [row[1] for row in rows[1:]] == ["Dans la session"]
    assert rows[1][4] == str(round_)


def _export_queries(client, url: str, count: int) -> int:
    Challenge.objects.all().delete()
    coach = CoachFactory()
    round_ = RoundFactory()
    for _ in range(count):
        challenge = ChallengeFactory(complete=True, round=round_, promotion=round_.promotion)
        Opinion.objects.create(challenge=challenge, coach=coach)
    cache.clear()  # measured as the first request after a change: kept menus read again
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        rows = _csv(response) if url == CSV_URL else _xlsx(response)
    assert len(rows) == count + 1
    return len(queries)


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_the_exports_run_a_bounded_number_of_queries(
    staff_client, url, django_assert_max_num_queries
):
    assert _export_queries(staff_client, url, 5) == _export_queries(staff_client, url, 50)
    with django_assert_max_num_queries(8):
        _csv(staff_client.get(CSV_URL)) if url == CSV_URL else _xlsx(staff_client.get(url))


def test_control_characters_in_a_defi_do_not_break_either_export(staff_client):
    ChallengeFactory(title="Données\x0b ouvertes\x01", status=ChallengeStatus.SUBMITTED)
    xlsx = staff_client.get(XLSX_URL)
    assert xlsx.status_code == 200
    assert any("Données ouvertes" in (row[1] or "") for row in _xlsx(xlsx)[1:])
    lines = _csv(staff_client.get(CSV_URL))
    assert not any("\x0b" in cell for line in lines for cell in line)
