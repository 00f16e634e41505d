"""The staff exports of the applications: same filters as the list, stable columns,
streamed, bounded queries, and never the gender."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from eig.candidacies import exports
from eig.candidacies.exports import HEADER
from eig.candidacies.models import Candidacy
from tests.candidacies.applications import application, recruiting_challenge
from tests.factories import open_round
from tests.staff_csv import staff_csv_table

pytestmark = pytest.mark.django_db

CSV_URL = reverse("candidacies:staff_export_csv")
XLSX_URL = reverse("candidacies:staff_export_xlsx")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def round_():
    return open_round()


def _csv(response) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(staff_csv_table(content)), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def test_the_columns_are_stable_and_hold_no_gender():
    assert HEADER == [
        "id",
        "session",
        "statut",
        "statut_libelle",
        "prenom",
        "nom",
        "email",
        "telephone",
        "profil",
        "annees_experience",
        "tranche_experience",
        "competences",
        "experiences_entrepreneuriales",
        "portfolio",
        "code",
        "profil_professionnel",
        "cv",
        "voeux",
        "motivation",
        "depose_le",
        "retire_le",
        "raison_retrait",
        "anonymise_le",
        "doublons_possibles",
        "lien",
    ]
    assert not [name for name in HEADER if "genre" in name or "gender" in name]


def _gendered_application(round_, **kwargs) -> Candidacy:
    candidacy = application(round_=round_, **kwargs)
    candidacy.candidate.gender = "female"
    candidacy.candidate.save()
    return candidacy


def test_the_csv_holds_the_filtered_list(staff_client, round_):
    wish = recruiting_challenge(round_, title="Simplifier les aides")
    kept = _gendered_application(
        round_=round_,
        first_name="Ada",
        last_name="Lovelace",
        phone="06 11 22 33 44",
        track="tech",
        years=16,
        challenges=[wish],
        motivation='=HYPERLINK("https://exemple.fr")',
    )
    application(round_=round_, last_name="Produit", track="product")

    response = staff_client.get(CSV_URL, {"track": "tech"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="candidatures-')
    assert response.streaming
    (row,) = _csv(response)
    assert row["id"] == str(kept.pk)
    assert (row["prenom"], row["nom"], row["email"]) == (
        "Ada",
        "Lovelace",
        kept.candidate.user.email,
    )
    assert row["telephone"] == "06 11 22 33 44"
    assert row["profil"] == "Directeur·rice technique"
    assert row["tranche_experience"] == "15 ans et plus"
    assert row["voeux"] == "1. Simplifier les aides"
    assert kept.candidate.ventures.get().name in row["experiences_entrepreneuriales"]
    assert row["cv"] == "oui"
    assert row["motivation"].startswith("'=")  # never run as a formula
    assert row["lien"].endswith(reverse("candidacies:staff_detail", kwargs={"pk": kept.pk}))


def test_the_export_never_holds_the_gender(staff_client, round_):
    _gendered_application(round_=round_)

    content = b"".join(staff_client.get(CSV_URL).streaming_content).decode()
    workbook = _xlsx(staff_client.get(XLSX_URL))

    assert "female" not in content
    assert "Femme" not in content
    assert not [cell for row in workbook for cell in row if cell in {"female", "Femme"}]


def test_the_export_flags_duplicates(staff_client, round_):
    first = application(round_=round_, first_name="Léa", last_name="Roy", phone="0611223344")
    second = application(round_=round_, first_name="Lea", last_name="Roy", phone="06 11 22 33 44")

    rows = {row["id"]: row for row in _csv(staff_client.get(CSV_URL))}

    assert f"/equipe/candidatures/{second.pk}/" in rows[str(first.pk)]["doublons_possibles"]
    assert f"/equipe/candidatures/{first.pk}/" in rows[str(second.pk)]["doublons_possibles"]


def test_the_xlsx_has_the_same_rows(staff_client, round_):
    candidacy = application(round_=round_, last_name="Lovelace")
    application(round_=round_, status="draft")

    response = staff_client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    header, *rows = _xlsx(response)
    assert list(header) == HEADER
    assert [row[0] for row in rows] == [candidacy.pk]
    assert rows[0][HEADER.index("nom")] == "Lovelace"


def _arrange(round_, count) -> None:
    challenges = [recruiting_challenge(round_) for _index in range(3)]
    for index in range(count):
        application(round_=round_, phone=f"06 00 00 {index // 2:02d} 00", challenges=challenges)


def _download(client, url, round_) -> bytes:
    response = client.get(url, {"round": round_.pk})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_the_exports_run_a_bounded_number_of_queries(
    staff_client, url, django_assert_max_num_queries
):
    small, large = open_round(), open_round()
    _arrange(small, 5)
    _arrange(large, 40)
    with CaptureQueriesContext(connection) as queries:
        _download(staff_client, url, small)

    with django_assert_max_num_queries(len(queries)):
        _download(staff_client, url, large)


def test_the_csv_ends_by_saying_it_is_complete(staff_client, round_):
    application(round_=round_)
    application(round_=round_)

    content = b"".join(staff_client.get(CSV_URL).streaming_content).decode()

    assert content.endswith("\r\n# Fin de l’export : 2 lignes\r\n")


def test_the_rows_are_plain_values_that_never_read_the_gender(staff_client, round_):
    _gendered_application(round_=round_)

    with CaptureQueriesContext(connection) as queries:
        _download(staff_client, CSV_URL, round_)

    assert not [query for query in queries.captured_queries if '"gender"' in query["sql"]]


def _queries(client, url, round_) -> int:
    cache.clear()  # measured as the first request after a change: kept bands and menus read again
    with CaptureQueriesContext(connection) as queries:
        _download(client, url, round_)
    return len(queries.captured_queries)


def test_each_chunk_costs_two_queries_and_the_rest_is_read_once_per_export(
    staff_client, monkeypatch
):
    small, large = open_round(), open_round()
    _arrange(small, 5)
    _arrange(large, 40)
    assert _queries(staff_client, CSV_URL, small) == _queries(staff_client, CSV_URL, large)

    monkeypatch.setattr(exports, "CHUNK_SIZE", 5)
    one_chunk = _queries(staff_client, CSV_URL, small)
    eight_chunks = _queries(staff_client, CSV_URL, large)

    # The wishes and the ventures of each chunk; duplicates, rounds, labels: once.
    assert eight_chunks - one_chunk == 2 * 7
