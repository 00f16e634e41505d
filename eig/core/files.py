"""Checks on uploaded files, shared by every app that accepts documents."""

from django.core.files.uploadedfile import UploadedFile

from eig.core.errors import DomainError

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def pdf_check(uploaded: UploadedFile, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a file that is too large or whose bytes are not a PDF, whatever its name."""
    size = uploaded.size or 0
    if size > max_bytes:
        raise DomainError(
            f"Le fichier « {uploaded.name} » pèse {size / 1024 / 1024:.1f} Mo : "
            f"la limite est de {max_bytes // 1024 // 1024} Mo."
        )
    uploaded.seek(0)
    head = uploaded.read(len(PDF_MAGIC))
    uploaded.seek(0)
    if head != PDF_MAGIC:
        raise DomainError(
            f"Le fichier « {uploaded.name} » n’est pas un PDF : seuls les PDF sont acceptés."
        )
