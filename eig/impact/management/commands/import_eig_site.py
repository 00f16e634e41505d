"""Import the programme's history: ``manage.py import_eig_site data/eig-site``.

Idempotent, in one transaction; ``--dry-run`` shows the report and keeps nothing.
``-v 0`` prints only the summary line (``make run`` uses it).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eig.core.errors import DomainError
from eig.impact.history_import import history_import
from eig.impact.history_report import ImportReport, PersonalDataRemoval, Tally, UnresolvedLink
from eig.impact.history_source import DEFAULT_CORRECTIONS


class Command(BaseCommand):
    help = (
        "Importe l’historique du programme (promotions, administrations, défis, EIG) depuis "
        "le contenu de son site (dossier contenant defis/ et personnes/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Le dossier, par exemple data/eig-site.")
        parser.add_argument(
            "--corrections",
            type=Path,
            default=DEFAULT_CORRECTIONS,
            help="Le référentiel éditorial (par défaut data/eig-site-corrections.yaml).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche le compte rendu sans rien enregistrer (tout est annulé à la fin).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = history_import(
                path=options["path"],
                corrections_path=options["corrections"],
                dry_run=options["dry_run"],
            )
        except DomainError as error:
            raise CommandError(
                f"Import interrompu, rien n’a été enregistré : {error.message}"
            ) from error
        self.stdout.write(summary_line(report))
        if options["verbosity"] >= 1:
            self.stdout.write("\n".join(report_lines(report)))


def _tally(name: str, tally: Tally) -> str:
    return (
        f"{name} : {tally.created} créé(s), {tally.updated} mis à jour, "
        f"{tally.unchanged} inchangé(s)"
    )


def summary_line(report: ImportReport) -> str:
    prefix = "Essai (rien n’est enregistré) — " if report.dry_run else ""
    return (
        f"{prefix}Historique importé : {report.challenges.created} défi(s) créé(s), "
        f"{report.challenges.updated} mis à jour ; {report.participants.created} EIG créé(s), "
        f"{report.participants.updated} mis à jour ; {len(report.unresolved_links)} lien(s) "
        "non résolu(s)."
    )


def _links(title: str, links: list[UnresolvedLink]) -> list[str]:
    lines = [f"{title} ({len(links)}) :"]
    lines += [f"  - {link.file} : « {link.value} » — {link.reason}" for link in links]
    return lines


def _removal(removal: PersonalDataRemoval) -> str:
    if removal.replacement:
        return f"  - {removal.file} : {removal.kind}, remplacé par « {removal.replacement} »"
    return f"  - {removal.file} : {removal.kind}, retiré"


def report_lines(report: ImportReport) -> list[str]:
    lines = [
        "",
        _tally("Promotions", report.promotions),
        _tally("Administrations", report.administrations),
        _tally("Défis", report.challenges),
        _tally("EIG", report.participants),
        "",
        f"Orthographes fusionnées ({len(report.merged_spellings)}) :",
    ]
    lines += [
        f"  - « {merge.spelling} » → {merge.administration}" for merge in report.merged_spellings
    ]
    lines += [
        "",
        f"Données personnelles retirées des textes publics ({len(report.personal_data_removed)}) :",
        *[_removal(removal) for removal in report.personal_data_removed],
        "",
        f"Défis non publiés par le site (visible: false), non importés "
        f"({len(report.hidden_challenges)}) :",
        *[f"  - {file}" for file in report.hidden_challenges],
        "",
        *_links("Titres de défis en double", report.duplicate_titles),
    ]
    lines += ["", *_links("Administrations à vérifier", report.unclear_administrations)]
    lines += ["", *_links("Liens non résolus", report.unresolved_links)]
    lines += ["", *_links("Liens rapprochés (espaces, casse ou accents)", report.normalised_links)]
    lines += ["", "Personnes non importées (ce ne sont pas des EIG), par rôle :"]
    lines += [f"  - {role} : {count}" for role, count in report.skipped_by_role.items()]
    lines += [
        "",
        f"Défis sans aucun EIG lié ({len(report.challenges_without_participants)}) :",
        *[f"  - {title}" for title in report.challenges_without_participants],
        "",
        "Note : les chiffres publiés par le programme (" + report.published_figures + ") "
        "diffèrent de ces décomptes, calculés à partir des fichiers du site.",
    ]
    return lines
