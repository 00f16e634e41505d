"""``manage.py import_eig_site``: the report in French, the dry run, and the demo data after it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from eig.challenges.models import Challenge
from eig.impact.models import HistoricalParticipant
from eig.organisations.models import Organisation
from eig.programmes.models import Promotion
from tests.impact.history import SHIPPED_DATA, personal_data_found

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_eig_site", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_and_prints_the_report_in_french():
    output = run(str(SHIPPED_DATA))

    assert Challenge.objects.filter(source_ref__isnull=False).count() == 131
    assert "131 défi(s) créé(s)" in output
    assert "Promotions : 7 créé(s), 0 mis à jour, 1 inchangé(s)" in output
    assert "« Cerema » → Centre d’études et d’expertise sur les risques" in output
    assert (
        "personnes/personne-403.md : « Estim'action, SOS Pont » — aucun défi ne porte ce titre"
        in output
    )
    assert "agent-public : 185" in output
    assert "Défis sans aucun EIG lié (2)" in output
    assert "101 défis et 206 EIG sur six promotions" in output
    assert "Personne 0" not in output
    # What was taken out of the public texts: where and what kind, never the name itself.
    assert "Données personnelles retirées des textes publics (45) :" in output
    assert output.count(" : adresse électronique, retiré") == 9
    assert "defis/optiflex.md : noms d’EIG, remplacé par « les EIG »" in output
    assert "defis/twincity.md : lien vers la page personnelle d’un EIG, retiré" in output
    assert personal_data_found(output) == []
    assert "« Cour de cassation » → Cour de Cassation" in output
    assert "Défis non publiés par le site (visible: false), non importés (0) :" in output
    assert "Titres de défis en double (0) :" in output


def test_a_second_run_reports_that_nothing_changed():
    run(str(SHIPPED_DATA))

    output = run(str(SHIPPED_DATA))

    assert "0 défi(s) créé(s), 0 mis à jour ; 0 EIG créé(s), 0 mis à jour" in output
    assert "Défis : 0 créé(s), 0 mis à jour, 131 inchangé(s)" in output


def test_quiet_mode_prints_the_summary_line_only():
    output = run(str(SHIPPED_DATA), "--verbosity", "0")

    assert output.strip().count("\n") == 0
    assert "131 défi(s) créé(s)" in output


def test_the_dry_run_says_so_and_keeps_nothing():
    output = run(str(SHIPPED_DATA), "--dry-run")

    assert output.startswith("Essai (rien n’est enregistré)")
    assert not Challenge.objects.filter(source_ref__isnull=False).exists()
    assert not HistoricalParticipant.objects.exists()


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="rien n’a été enregistré : Dossier introuvable"):
        run(str(tmp_path / "absent"))


def _historical_figures():
    return sorted(
        Promotion.objects.filter(number__lte=7)
        .annotate(
            challenges_count=Count("challenges", distinct=True),
            participants_count=Count("historical_participants", distinct=True),
        )
        .values_list("pk", "label", "year", "challenges_count", "participants_count")
    )


def test_the_demo_data_never_changes_the_historical_promotions():
    run(str(SHIPPED_DATA), "--verbosity", "0")
    before = _historical_figures()

    call_command("seed_demo", stdout=StringIO())

    assert _historical_figures() == before
    demo = Challenge.objects.filter(source_ref__isnull=True)
    assert demo.exists()
    assert not demo.filter(promotion__number__lte=7).exists()
    # The demo completes the imported administrations of the same name, no duplicate.
    dinum = Organisation.objects.get(name__iexact="Direction interministérielle du numérique")
    assert dinum.siret
    assert dinum.challenges.filter(source_ref__isnull=False).count() == 12
