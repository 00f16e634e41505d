"""The shared check on uploaded PDFs: a real reader must open them, without active content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.core.errors import DomainError
from eig.core.files import pdf_check
from tests.pdfs import encrypted_pdf, minimal_pdf, pdf_with_embedded_file, pdf_with_javascript


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")


def test_a_readable_pdf_is_accepted():
    pdf_check(_upload(minimal_pdf()))


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"%PDF-", "illisible"),
        (b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "illisible"),
        (encrypted_pdf(), "mot de passe"),
        (pdf_with_javascript(), "JavaScript"),
        (pdf_with_embedded_file(), "fichiers joints"),
    ],
)
def test_a_pdf_that_cannot_be_read_or_carries_active_content_is_refused(content, said):
    with pytest.raises(DomainError) as error:
        pdf_check(_upload(content))
    assert said in error.value.message


def test_the_file_is_rewound_for_storage():
    uploaded = _upload(minimal_pdf())
    pdf_check(uploaded)
    assert uploaded.read(5) == b"%PDF-"
