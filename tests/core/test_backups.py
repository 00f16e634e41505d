"""The private files survive an export and a restore into an empty storage."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from eig.core.backups import storage_names


@pytest.fixture
def private_files():
    default_storage.save("cv/2026/a1b2.pdf", ContentFile(b"%PDF-1.7 cv"))
    default_storage.save("contracts/42/contrat.pdf", ContentFile(b"%PDF-1.7 contrat"))
    default_storage.save("racine.txt", ContentFile("é".encode()))
    return sorted(["cv/2026/a1b2.pdf", "contracts/42/contrat.pdf", "racine.txt"])


def _storage_emptied():
    for name in storage_names(default_storage):
        default_storage.delete(name)


def test_an_export_restored_into_an_empty_storage_gives_back_every_file(
    private_files, tmp_path, capsys
):
    archive = tmp_path / "fichiers.tar.gz"
    call_command("private_files", "export", str(archive))
    _storage_emptied()

    call_command("private_files", "import", str(archive))
    call_command("private_files", "verify", str(archive))

    assert storage_names(default_storage) == private_files
    assert default_storage.open("contracts/42/contrat.pdf").read() == b"%PDF-1.7 contrat"
    output = capsys.readouterr().out
    assert "3 fichiers (29 octets) exportés dans" in output
    assert "3 fichiers (29 octets) vérifiés contre" in output


def test_verifying_a_restore_names_the_missing_changed_and_extra_files(private_files, tmp_path):
    archive = tmp_path / "fichiers.tar.gz"
    call_command("private_files", "export", str(archive))
    default_storage.delete("racine.txt")
    default_storage.delete("cv/2026/a1b2.pdf")
    default_storage.save("cv/2026/a1b2.pdf", ContentFile(b"autre chose"))
    default_storage.save("nouveau.pdf", ContentFile(b"%PDF"))

    with pytest.raises(CommandError) as failure:
        call_command("private_files", "verify", str(archive))

    assert "3 écart(s)" in str(failure.value)
    assert "manquant : racine.txt" in str(failure.value)
    assert "différent : cv/2026/a1b2.pdf" in str(failure.value)
    assert "en plus : nouveau.pdf" in str(failure.value)


def test_a_damaged_archive_is_refused_before_anything_is_written(private_files, tmp_path):
    archive = tmp_path / "fichiers.tar.gz"
    call_command("private_files", "export", str(archive))
    damaged = tmp_path / "abime.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "files/racine.txt":
                content = b"x" * len(content)
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    _storage_emptied()

    with pytest.raises(CommandError, match=r"racine\.txt is damaged"):
        call_command("private_files", "import", str(damaged))

    assert storage_names(default_storage) == []
