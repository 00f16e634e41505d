"""Checks on uploaded files, shared by every app that accepts documents."""

from django.core.files.uploadedfile import UploadedFile
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

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
    pdf_content_check(uploaded)


# Names whose presence makes a PDF able to run code or carry other files.
ACTIVE_CONTENT = {
    "/JS": "du JavaScript",
    "/JavaScript": "du JavaScript",
    "/Launch": "une action qui lance un programme",
    "/EmbeddedFiles": "des fichiers joints",
    "/EmbeddedFile": "des fichiers joints",
    "/FileAttachment": "des fichiers joints",
}
MAX_OBJECTS_WALKED = 100_000


def pdf_content_check(uploaded: UploadedFile) -> None:
    """Open the PDF with pypdf: refuse it unreadable, encrypted, or with active content.

    The first bytes alone prove nothing (a five-byte ``%PDF-`` passes them); a reader
    that cannot open the file means nobody will. JavaScript, launch actions and
    embedded files are refused rather than rewritten, so what staff read is what the
    person sent; the message says which was found.
    """
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded)
        if reader.is_encrypted:
            raise DomainError(
                f"Le fichier « {uploaded.name} » est protégé par un mot de passe : "
                "envoyez-le sans protection."
            )
        found = _active_content(reader.trailer)
        if not reader.pages:
            raise ValueError("no page")
    except DomainError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on a damaged file
        raise DomainError(
            f"Le fichier « {uploaded.name} » est illisible : enregistrez-le à nouveau en PDF."
        ) from error
    finally:
        uploaded.seek(0)
    if found:
        raise DomainError(
            f"Le fichier « {uploaded.name} » contient {' et '.join(sorted(found))}, "
            "refusés pour la sécurité de tous : enregistrez-le à nouveau en PDF "
            "(« Imprimer › Enregistrer au format PDF ») sans ces éléments."
        )


def _active_content(root: object) -> set[str]:
    """What active content the PDF's objects name, walking them from the trailer."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    pending = [root]
    walked = 0
    while pending and walked < MAX_OBJECTS_WALKED:
        item = pending.pop()
        walked += 1
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            pending.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in ACTIVE_CONTENT:
                    found.add(ACTIVE_CONTENT[name])
                if isinstance(value, NameObject) and value in ACTIVE_CONTENT:
                    found.add(ACTIVE_CONTENT[value])
                if name != "/Parent":
                    pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return found
