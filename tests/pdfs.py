"""Small PDF files made with pypdf, for the upload tests (a real reader must open them)."""

import io

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def _bytes(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _one_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def minimal_pdf(title: str = "") -> bytes:
    writer = _one_page()
    if title:
        writer.add_metadata({"/Title": title})
    return _bytes(writer)


def pdf_with_javascript() -> bytes:
    writer = _one_page()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('bonjour');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _bytes(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _one_page()
    writer.add_attachment("programme.exe", b"MZ")
    return _bytes(writer)


def encrypted_pdf() -> bytes:
    writer = _one_page()
    writer.encrypt("secret")
    return _bytes(writer)
