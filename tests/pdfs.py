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


def pdf_with_text(*lines: str) -> bytes:
    """A one-page PDF whose lines of text (Latin-1: French accents) a reader extracts."""
    from pypdf.generic import DecodedStreamObject

    writer = _one_page()
    page = writer.pages[0]
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    commands = [b"BT", b"/F1 11 Tf", b"14 TL", b"50 800 Td"]
    for line in lines:
        escaped = line.encode("cp1252").replace(b"\\", b"\\\\")
        escaped = escaped.replace(b"(", b"\\(").replace(b")", b"\\)")
        commands.append(b"(" + escaped + b") Tj T*")
    commands.append(b"ET")
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(commands))
    page[NameObject("/Contents")] = writer._add_object(stream)
    return _bytes(writer)
