"""The import of the programme's history (eig/impact/history_import.py)."""

import pytest
from django.db.models import Count

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Challenge
from eig.core.models import Event
from eig.impact import history_import as importer
from eig.impact.history_import import (
    ACTION_IMPORT_UPDATED,
    ACTION_IMPORTED,
    history_import,
    spelling_key,
    strip_shortcodes,
)
from eig.impact.models import HistoricalParticipant
from eig.organisations.models import Organisation
from eig.programmes.models import Promotion
from eig.programmes.selectors import current_programme
from tests.factories import OrganisationFactory
from tests.impact.history import defi, import_shipped_data, personne, write_source

pytestmark = pytest.mark.django_db


def challenge(file: str) -> Challenge:
    return Challenge.objects.select_related("organisation", "promotion__parent").get(
        source_ref=f"eig-site:defis/{file}"
    )


def snapshot():
    return (
        Promotion.objects.count(),
        Organisation.objects.count(),
        Challenge.objects.count(),
        HistoricalParticipant.objects.count(),
        Event.objects.count(),
        sorted(Challenge.objects.values_list("pk", "updated_at")),
        sorted(Organisation.objects.values_list("pk", "updated_at")),
        sorted(Promotion.objects.values_list("pk", "updated_at")),
        sorted(HistoricalParticipant.promotions.through.objects.values_list("pk", flat=True)),
        sorted(HistoricalParticipant.challenges.through.objects.values_list("pk", flat=True)),
    )


# The shipped data


def test_the_shipped_data_gives_every_defi_eig_and_promotion_of_the_source():
    report = import_shipped_data()

    assert Challenge.objects.filter(source_ref__startswith="eig-site:defis/").count() == 131
    assert HistoricalParticipant.objects.count() == 224
    main = Promotion.objects.filter(programme=current_programme(), parent__isnull=True)
    assert sorted(main.values_list("number", "year")) == [
        (1, 2017), (2, 2018), (3, 2019), (4, 2020), (5, 2021), (6, 2022), (7, 2024)
    ]  # fmt: skip
    side = Promotion.objects.get(parent__isnull=False)
    assert (side.number, side.year, side.parent.number) == (3, 2019, 3)
    assert "DIG" in side.label
    # Promotion 7 comes from the data migration: reused, not duplicated.
    assert report.promotions.created == 7
    assert report.promotions.unchanged == 1
    assert report.challenges.created == 131
    assert report.participants.created == 224


def test_each_defi_lands_under_its_promotion_and_administration_with_its_public_text():
    import_shipped_data()

    per_promotion = dict(
        Challenge.objects.filter(source_ref__isnull=False)
        .values_list("promotion__label")
        .annotate(count=Count("pk"))
    )
    assert per_promotion == {
        "1re promotion": 9,
        "2e promotion": 13,
        "3e promotion": 15,
        "3e promotion – DIG (annexe)": 17,
        "4e promotion": 17,
        "5e promotion": 15,
        "6e promotion": 14,
        "7e promotion": 31,
    }
    a_just = challenge("a-just.md")
    assert a_just.title == "A-JUST"
    assert a_just.organisation.name == "Ministère de la Justice"
    assert a_just.promotion.number == 7
    assert a_just.public_summary.startswith("Aider les juridictions")
    assert a_just.beta_product_url == "https://beta.gouv.fr/startups/a-just.html"
    assert a_just.status == ChallengeStatus.COMPLETED
    assert (a_just.outcome, a_just.outcome_text, a_just.round, a_just.decided_at) == (
        "",
        "",
        None,
        None,
    )
    # Hugo shortcodes (videos) are website widgets, not text.
    assert not Challenge.objects.filter(public_description__contains="{{<").exists()
    assert "dailymotion" not in challenge("archifiltre.md").public_description
    assert challenge("archifiltre.md").public_description


def test_the_spellings_of_one_administration_give_one_organisation():
    report = import_shipped_data()

    cgdd = Organisation.objects.get(acronym="CGDD")
    assert cgdd.name == "Commissariat général au développement durable"
    assert (cgdd.kind, cgdd.siret) == ("", None)
    assert cgdd.challenges.count() == 7  # its 4 spellings in the source, 7 défis
    assert Organisation.objects.filter(name__icontains="développement durable").count() == 1
    assert Organisation.objects.get(acronym="DINUM").challenges.count() == 12
    assert Organisation.objects.get(acronym="Cerema").challenges.count() == 3
    assert Organisation.objects.get(acronym="DGGN").challenges.count() == 4
    assert Organisation.objects.filter(name__icontains="Urssaf").get().challenges.count() == 2
    # Distinct services stay distinct.
    assert Organisation.objects.filter(name__startswith="Académie de").count() == 2
    assert challenge("carte-archéologique-nationale.md").organisation.name == "Ministère"
    merges = {(merge.spelling, merge.administration) for merge in report.merged_spellings}
    assert ("Cerema", Organisation.objects.get(acronym="Cerema").name) in merges
    assert [link.value for link in report.unclear_administrations] == ["Ministère"]


def test_the_report_names_the_unresolved_links_and_the_people_skipped():
    report = import_shipped_data()

    unresolved = {(link.file, link.value) for link in report.unresolved_links}
    assert ("personnes/personne-403.md", "Estim'action, SOS Pont") in unresolved
    assert all("aucun défi" in link.reason for link in report.unresolved_links)
    assert report.skipped_by_role["agent-public"] == 185
    assert "participant" not in report.skipped_by_role
    assert report.challenges_without_participants == ["Magellan", "Sequoia CGDD"]
    assert "101 défis" in report.published_figures
    # " DataESR" (a stray space) links its EIGs to the défi DataESR.
    participant = HistoricalParticipant.objects.get(source_ref="eig-site:personnes/personne-019.md")
    assert [linked.title for linked in participant.challenges.all()] == ["DataESR"]


def test_a_second_run_changes_nothing():
    import_shipped_data()
    before = snapshot()

    report = import_shipped_data()

    assert snapshot() == before
    for tally in (report.promotions, report.administrations, report.challenges):
        assert (tally.created, tally.updated) == (0, 0)
    assert (report.participants.created, report.participants.updated) == (0, 0)
    assert report.challenges.unchanged == 131
    assert report.participants.unchanged == 224


def test_a_dry_run_keeps_nothing():
    before = snapshot()

    report = import_shipped_data(dry_run=True)

    assert report.challenges.created == 131
    assert snapshot() == before


def test_a_failure_midway_leaves_nothing(monkeypatch):
    before = snapshot()

    def broken(**kwargs):
        raise RuntimeError("panne au milieu de l’import")

    monkeypatch.setattr(importer, "participants_import", broken)
    with pytest.raises(RuntimeError):
        import_shipped_data()

    assert snapshot() == before


def test_existing_promotions_and_administrations_are_reused_and_never_changed():
    programme = current_programme()
    seventh = Promotion.objects.get(programme=programme, number=7, parent__isnull=True)
    Promotion.objects.filter(pk=seventh.pk).update(label="Promo 7 (modifiée)", cap=12)
    dinum = OrganisationFactory(name="DINUM, renommée par l’équipe", acronym="dinum")

    import_shipped_data()

    seventh.refresh_from_db()
    assert (seventh.label, seventh.cap, seventh.year) == ("Promo 7 (modifiée)", 12, 2024)
    assert Promotion.objects.filter(number=7).count() == 1
    dinum.refresh_from_db()
    assert dinum.name == "DINUM, renommée par l’équipe"
    assert dinum.challenges.count() == 12
    assert not Organisation.objects.filter(
        name="Direction interministérielle du numérique"
    ).exists()


# Tiny source trees


def test_bare_year_dates_stray_spaces_case_and_other_roles_are_handled(tmp_path):
    source = write_source(
        tmp_path,
        defis={
            "_index.md": "---\ntitle: Les projets\nvisible: false\n---\n",
            "alpha.md": defi(
                "Alpha",
                date="2018",
                who="Cour de Cassation",
                body='Intro.\n\n{{< dailymotion x1 "Vidéo" >}}\n\n## Résultats\n\nTexte.\n',
                extra="urlSET: https://beta.gouv.fr/startups/alpha.html\n",
            ),
            "beta.md": defi("Béta", date="2018-05-01T10:00:00.000Z", who="Cour de cassation "),
        },
        personnes={
            "personne-001.md": personne(
                "Personne 001",
                job=" Designer ",
                defis=("' Alpha'", "beta"),
                promos=("Promotion 2",),
            ),
            "personne-002.md": personne("Personne 002", defis=("Gamma",), promos=("Promotion 9",)),
            "personne-003.md": personne("Personne 003", role="agent-public", defis=("Alpha",)),
        },
    )

    report = history_import(path=source)

    assert report.challenges.created == 2
    alpha = challenge("alpha.md")
    assert alpha.public_description == "Intro.\n\n## Résultats\n\nTexte."
    assert alpha.organisation == challenge("beta.md").organisation
    assert alpha.organisation.name == "Cour de Cassation"
    first = HistoricalParticipant.objects.get(source_ref="eig-site:personnes/personne-001.md")
    assert first.job == "Designer"
    assert sorted(linked.title for linked in first.challenges.all()) == ["Alpha", "Béta"]
    assert [link.value for link in report.normalised_links] == ["beta"]
    unresolved = {(link.file, link.value) for link in report.unresolved_links}
    assert unresolved == {
        ("personnes/personne-002.md", "Gamma"),
        ("personnes/personne-002.md", "Promotion 9"),
    }
    assert report.skipped_by_role == {"agent-public": 1}
    assert HistoricalParticipant.objects.count() == 2
    assert report.merged_spellings == []  # "Cour de cassation " differs only by case and space


def test_a_changed_source_updates_the_imported_fields_only_and_records_it(tmp_path):
    source = write_source(
        tmp_path,
        defis={"alpha.md": defi("Alpha")},
        personnes={"personne-001.md": personne("Personne 001", defis=("Alpha",))},
    )
    history_import(path=source)
    alpha = challenge("alpha.md")
    Challenge.objects.filter(pk=alpha.pk).update(
        outcome=Outcome.CARRIED_ON, outcome_text="Repris par la Cour.", problem="Écrit par l’équipe"
    )
    assert Event.objects.filter(object_id=alpha.pk, action=ACTION_IMPORTED).count() == 1

    write_source(
        tmp_path,
        defis={"alpha.md": defi("Alpha", body="Nouvelle description.")},
        personnes={"personne-001.md": personne("Personne 001", job="Designer", defis=("Alpha",))},
    )
    report = history_import(path=source)

    assert (report.challenges.updated, report.participants.updated) == (1, 1)
    alpha.refresh_from_db()
    assert alpha.public_description == "Nouvelle description."
    assert (alpha.outcome, alpha.outcome_text, alpha.problem) == (
        Outcome.CARRIED_ON,
        "Repris par la Cour.",
        "Écrit par l’équipe",
    )
    event = Event.objects.get(object_id=alpha.pk, action=ACTION_IMPORT_UPDATED)
    assert event.actor is None
    assert list(event.changes) == ["public_description"]


def test_a_promotion_missing_from_the_corrections_stops_the_import_with_a_clear_message(tmp_path):
    source = write_source(
        tmp_path, defis={"alpha.md": defi("Alpha", promo="Promotion 12")}, personnes={}
    )

    with pytest.raises(importer.DomainError, match="Promotion 12"):
        history_import(path=source)

    assert not Challenge.objects.exists()


def test_spelling_key_ignores_case_accents_apostrophes_spaces_and_trailing_punctuation():
    assert spelling_key(" Direction  interministérielle du numérique (DINUM), ") == spelling_key(
        "direction interministerielle du numerique (dinum)"
    )
    assert spelling_key("Ministère de l’Intérieur") == spelling_key("Ministère de l'Intérieur")


def test_strip_shortcodes_removes_hugo_widgets_only():
    body = 'Avant.\n\n{{< dailymotion x8aotqe "Vidéo de présentation" >}}\n\nAprès {{% note %}}.'
    assert strip_shortcodes(body) == "Avant.\n\nAprès ."
