"""Large staff exports: offered to a job, built with their row count, e-mailed as a link,
downloaded by the person who asked only, deleted after their retention period."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eig.candidacies import exports
from eig.candidacies.enums import ExportStatus
from eig.candidacies.exports import HEADER
from eig.candidacies.models import Export
from eig.candidacies.tasks import EXPORTS_EXPIRE_CRON, exports_expire
from eig.core.models import Event
from tests.candidacies.applications import application, recruiting_challenge
from tests.factories import AgentFactory, StaffFactory, open_round
from tests.staff_csv import staff_csv_table

pytestmark = pytest.mark.django_db

CSV_URL = reverse("candidacies:staff_export_csv")
XLSX_URL = reverse("candidacies:staff_export_xlsx")
LIST_URL = reverse("candidacies:staff_export_list")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def round_(settings):
    settings.EIG_EXPORT_INLINE_MAX_ROWS = 2
    round_ = open_round()
    wish = recruiting_challenge(round_, title="Simplifier les aides")
    for name in ("Lovelace", "Hopper", "Hamilton"):
        application(round_=round_, last_name=name, challenges=[wish])
    return round_


def _queue(client, url, round_, on_commit):
    with on_commit(execute=True):
        return client.post(f"{url}?round={round_.pk}&q=Camille")


def _download(client, export):
    return client.get(reverse("candidacies:staff_export_download", kwargs={"pk": export.pk}))


def test_a_large_export_is_offered_to_a_job_rather_than_streamed(staff_client, round_):
    response = staff_client.get(CSV_URL, {"round": round_.pk})

    assert response.status_code == 200
    assert not response.streaming
    assert "Cet export (CSV) compte 3 lignes." in response.text
    assert f'action="{CSV_URL}?round={round_.pk}"' in response.text
    assert not Export.objects.exists()  # a GET queues nothing


def test_the_list_asks_the_job_directly_above_the_threshold(staff_client, round_):
    page = staff_client.get(reverse("candidacies:staff_list"), {"round": round_.pk}).text
    assert "Préparer l’export CSV" in page
    assert f'<form method="post" action="{CSV_URL}?round={round_.pk}">' in page


def test_a_job_builds_the_file_with_its_rows_and_e_mails_a_link(
    staff_client, staff, round_, django_capture_on_commit_callbacks
):
    response = _queue(staff_client, CSV_URL, round_, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    listing = staff_client.get(LIST_URL).text
    assert "Votre export de 3 lignes est en préparation…" in listing
    export = Export.objects.get()
    assert (export.requested_by, export.status, export.row_count) == (staff, "ready", 3)
    assert export.requested_rows == 3
    assert "Télécharger le CSV (3 lignes)" in listing

    download = _download(staff_client, export)
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "-3-lignes.csv" in download["Content-Disposition"]
    content = b"".join(download.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(staff_csv_table(content)), delimiter=";"))
    assert sorted(row["nom"] for row in rows) == ["Hamilton", "Hopper", "Lovelace"]
    assert {row["voeux"] for row in rows} == {"1. Simplifier les aides"}

    (email,) = mail.outbox
    assert email.to == [staff.email]
    assert "3 lignes" in email.subject
    download_url = reverse("candidacies:staff_export_download", kwargs={"pk": export.pk})
    assert download_url in email.body
    assert not email.attachments  # a link, never the file
    actions = Event.objects.filter(object_id=export.pk).values_list("action", flat=True)
    assert list(actions) == ["export_request", "export_start", "export_finish"]


def test_an_xlsx_export_built_by_the_job_has_the_same_rows(
    staff_client, round_, django_capture_on_commit_callbacks
):
    _queue(staff_client, XLSX_URL, round_, django_capture_on_commit_callbacks)

    download = _download(staff_client, Export.objects.get())

    assert "-3-lignes.xlsx" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    header, *rows = workbook.active.iter_rows(values_only=True)
    assert list(header) == HEADER
    assert len(rows) == 3


def test_a_failed_job_is_shown_as_failed_with_a_french_message(
    staff_client, staff, round_, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(export, output):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(exports, "_write", broken)

    _queue(staff_client, CSV_URL, round_, django_capture_on_commit_callbacks)

    export = Export.objects.get()
    assert export.status == ExportStatus.FAILED
    assert export.error.startswith("L’export n’a pas pu être préparé.")
    listing = staff_client.get(LIST_URL).text
    assert "Échec" in listing
    assert "L’export n’a pas pu être préparé." in listing
    assert _download(staff_client, export).status_code == 404
    (email,) = mail.outbox
    assert email.to == [staff.email]
    assert "n’a pas pu être préparé" in email.subject


def test_only_the_person_who_asked_downloads_the_file(
    client, staff, round_, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    _queue(client, CSV_URL, round_, django_capture_on_commit_callbacks)
    export = Export.objects.get()

    client.force_login(StaffFactory())
    assert _download(client, export).status_code == 404
    assert "Télécharger" not in client.get(LIST_URL).text
    client.force_login(AgentFactory())
    assert _download(client, export).status_code == 403
    client.logout()
    assert _download(client, export).status_code == 302


def test_the_files_are_deleted_once_expired(
    staff_client, round_, settings, django_capture_on_commit_callbacks
):
    settings.EIG_EXPORT_KEPT_DAYS = 7
    _queue(staff_client, CSV_URL, round_, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    name = export.file.name
    assert default_storage.exists(name)
    assert "q=Camille" in export.query
    kept = export.expires_at - export.created_at
    assert datetime.timedelta(days=7) - kept < datetime.timedelta(minutes=1)

    assert exports.exports_expire(now=timezone.now() + datetime.timedelta(days=6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert exports.exports_expire(now=export.expires_at) == 1
    assert exports.exports_expire(now=export.expires_at) == 0

    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert not export.file
    assert export.query == ""
    assert not default_storage.exists(name)
    assert _download(staff_client, export).status_code == 404
    assert "Fichier supprimé" in staff_client.get(LIST_URL).text


def test_the_expiry_runs_every_night():
    assert EXPORTS_EXPIRE_CRON == "45 3 * * *"
    assert exports_expire.name == "candidacies.exports_expire"
    assert exports_expire(timestamp=0) == 0


def test_the_list_of_exports_runs_a_bounded_number_of_queries(
    staff_client, staff, django_assert_max_num_queries
):
    for _index in range(30):
        Export.objects.create(
            requested_by=staff,
            file_format="csv",
            requested_rows=10,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    with django_assert_max_num_queries(8):
        assert staff_client.get(LIST_URL).status_code == 200
