"""Reading a staff CSV in tests: its table, once its last line says the file is whole."""

import csv
import io

from eig.core.french import plural


def staff_csv_table(content: str) -> str:
    """The table of a staff CSV (header and rows, without the byte order mark), after
    checking that it ends with « # Fin de l’export : N lignes » for its N rows."""
    table, _crlf, last = content.removeprefix("\ufeff").removesuffix("\r\n").rpartition("\r\n")
    table += "\r\n"
    rows = len(list(csv.reader(io.StringIO(table), delimiter=";"))) - 1
    assert last == plural(rows, "# Fin de l’export : {n} ligne", "# Fin de l’export : {n} lignes")
    return table
