"""Export and re-import the private files (CVs, contract PDFs) through the storage API.

The archive is a gzipped tar of every file of the default storage, whatever it is (a
folder or S3-compatible object storage), with ``MANIFEST.json`` listing each file's name,
size and SHA-256: an import checks every file against it, so a damaged archive is refused
before anything is written, and ``files_verify`` tells whether a restored storage holds
exactly what was exported.
"""

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

MANIFEST = "MANIFEST.json"


@dataclass(frozen=True)
class Report:
    files: int
    bytes: int
    problems: tuple[str, ...] = ()


def storage_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file name of the storage, sorted, walking its folders."""
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for child in folders:
        names += storage_names(storage, f"{folder}/{child}" if folder else child)
    return sorted(names)


def files_export(archive: Path, *, storage: Storage = default_storage) -> Report:
    manifest: dict[str, dict[str, int | str]] = {}
    with tarfile.open(archive, "w:gz") as tar:
        for name in storage_names(storage):
            with storage.open(name, "rb") as source:
                content = source.read()
            manifest[name] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            _add(tar, f"files/{name}", content)
        _add(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return Report(len(manifest), sum(int(entry["size"]) for entry in manifest.values()))


def files_import(archive: Path, *, storage: Storage = default_storage) -> Report:
    """Write every file of the archive back under its own name, replacing what is there."""
    contents = _archive_read(archive)
    for name, content in contents.items():
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            raise ValueError(f"The storage saved {name} as {saved}: the import is incomplete.")
    return Report(len(contents), sum(len(content) for content in contents.values()))


def files_verify(archive: Path, *, storage: Storage = default_storage) -> Report:
    """Compare the storage with the archive: missing, different and extra files."""
    contents = _archive_read(archive)
    problems = []
    for name, content in contents.items():
        if not storage.exists(name):
            problems.append(f"manquant : {name}")
            continue
        with storage.open(name, "rb") as stored:
            if hashlib.sha256(stored.read()).digest() != hashlib.sha256(content).digest():
                problems.append(f"différent : {name}")
    problems += [f"en plus : {name}" for name in storage_names(storage) if name not in contents]
    return Report(len(contents), sum(len(c) for c in contents.values()), tuple(problems))


def _archive_read(archive: Path) -> dict[str, bytes]:
    """The archive's files by name, each checked against the manifest (ValueError if not)."""
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(_member(tar, MANIFEST))
        contents = {name: _member(tar, f"files/{name}") for name in manifest}
    for name, content in contents.items():
        expected = manifest[name]
        if (
            len(content) != expected["size"]
            or hashlib.sha256(content).hexdigest() != expected["sha256"]
        ):
            raise ValueError(f"{name} is damaged in the archive (size or checksum differs).")
    return contents


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    extracted = tar.extractfile(name)
    if extracted is None:
        raise ValueError(f"{name} is missing from the archive.")
    return extracted.read()


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    tar.addfile(info, io.BytesIO(content))
