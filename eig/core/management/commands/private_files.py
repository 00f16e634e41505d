"""Back up and restore the private files: ``private_files export|import|verify ARCHIVE``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eig.core.backups import files_export, files_import, files_verify

ACTIONS = {"export": files_export, "import": files_import, "verify": files_verify}
DONE = {"export": "exportés dans", "import": "restaurés depuis", "verify": "vérifiés contre"}


class Command(BaseCommand):
    help = (
        "Sauvegarde (export), restaure (import) ou vérifie (verify) les fichiers privés "
        "(CV, PDF des contrats) dans une archive .tar.gz avec leurs sommes SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=sorted(ACTIONS))
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        action, archive = options["action"], options["archive"]
        if action != "export" and not archive.is_file():
            raise CommandError(f"Archive introuvable : {archive}")
        try:
            report = ACTIONS[action](archive)
        except (ValueError, OSError) as error:
            raise CommandError(f"Échec ({action}) : {error}") from error
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} écart(s) entre le stockage et l’archive :\n"
                + "\n".join(report.problems)
            )
        self.stdout.write(
            f"{report.files} fichiers ({report.bytes} octets) {DONE[action]} {archive}."
        )
