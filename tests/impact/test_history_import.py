"""The import of the programme's history (eig/impact/history_import.py)."""

import pytest
from django.db.models import Count

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Challenge
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.impact import history_import as importer
from eig.impact.history_import import history_import
from eig.impact.history_report import EMAIL_REMOVED
from eig.impact.history_source import remove_emails, spelling_key, strip_shortcodes
from eig.impact.models import HistoricalParticipant
from eig.organisations.models import Organisation
from eig.programmes.models import Programme, Promotion
from eig.programmes.selectors import current_programme
from tests.factories import OrganisationFactory
from tests.impact.history import (
    defi,
    import_shipped_data,
    personal_data_found,
    personne,
    write_source,
)

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
    # The stray space is no spelling; the case is, and the merge it made is reported.
    assert [(merge.spelling, merge.administration) for merge in report.merged_spellings] == [
        ("Cour de cassation", "Cour de Cassation")
    ]


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
    assert Event.objects.filter(object_id=alpha.pk, action=HistoryAction.IMPORTED).count() == 1

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
    event = Event.objects.get(object_id=alpha.pk, action=HistoryAction.IMPORT_UPDATED)
    assert event.actor is None
    assert list(event.changes) == ["public_description"]
    # The old text is not kept in the history: a redaction may have removed a name from it.
    assert "Nouvelle description." not in str(event.changes)


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


def test_strip_shortcodes_removes_attribute_lists_and_keeps_braces_of_the_text():
    body = (
        "#### L'administration porteuse{.subtitle}\n\n## Titre {: #ancre .grand }\n\n"
        'Texte {.a .b lang="fr"} et {une accolade}.'
    )
    assert strip_shortcodes(body) == (
        "#### L'administration porteuse\n\n## Titre\n\nTexte et {une accolade}."
    )


# Privacy: no person's name or e-mail address reaches a public text


def test_remove_emails_takes_the_address_and_the_words_that_only_led_to_it():
    cases = {
        "Nous contacter par courriel : cosia@ign.fr": "Nous contacter",
        "contactez nous à l'adresse : eco@developpement-durable.gouv.fr ": "contactez nous",
        "- nous contacter [par courriel](mailto:estim@cerema.fr)": "- nous contacter",
        "Écrire [à l’équipe](mailto:equipe@exemple.fr).": "Écrire à l’équipe.",
        "les EIG Ana (ana.b@def.gouv.fr) et Léa (lea@def.gouv.fr).": "les EIG Ana et Léa.",
        "la porteuse de projet : a.b@insee.fr": "la porteuse de projet",
        "* Contact : <mailto:x@y.fr>": "",
        "Écrivez à <x@y.fr> ou mailto:z@y.fr demain.": "Écrivez à ou demain.",
    }
    for text, expected in cases.items():
        assert remove_emails(text) == (expected, text.count("@")), text
    # Lines without an address are kept exactly, trailing line-break spaces included.
    untouched = "Le produit b@liseNAV et Percev@l.  \nSuite https://medium.com/@x/y"
    assert remove_emails(untouched) == (untouched, 0)


def test_the_shipped_texts_lose_every_address_and_name_and_the_report_lists_each_removal():
    report = import_shipped_data()

    emails = [removal for removal in report.personal_data_removed if removal.kind == EMAIL_REMOVED]
    assert len(emails) == 9
    assert len({removal.file for removal in emails}) == 8
    names = [removal for removal in report.personal_data_removed if removal.kind != EMAIL_REMOVED]
    assert len(names) == 36
    assert {removal.file for removal in names} >= {
        "defis/optiflex.md",
        "defis/datamed.md",
        "defis/siance.md",
        "defis/adex.md",
        "defis/twincity.md",
    }
    for imported in Challenge.objects.filter(source_ref__startswith="eig-site:"):
        for text in (imported.title, imported.public_summary, imported.public_description):
            assert personal_data_found(text) == [], imported.source_ref
    optiflex = challenge("optiflex.md").public_description
    assert "N'hésitez pas à contacter les EIG." in optiflex
    assert (
        "pouvez contacter la porteuse de projet\n"
        in challenge("recens-smart.md").public_description
    )
    assert "– le conseiller scientifique de l’ANSM en charge du projet" in (
        challenge("datamed.md").public_description
    )
    assert "[article sur les incendies en ville]" not in (
        challenge("prévisecours.md").public_description
    )
    # The website's attribute lists are styling, not text.
    assert not Challenge.objects.filter(public_description__contains="{.").exists()
    assert "#### L'administration porteuse\n" in optiflex


def test_the_merges_made_by_normalisation_alone_are_reported():
    report = import_shipped_data()

    merges = {(merge.spelling, merge.administration) for merge in report.merged_spellings}
    assert ("Cour de cassation", "Cour de Cassation") in merges
    assert ("Ministère de la culture", "Ministère de la Culture") in merges
    assert ("Ministère de l'Intérieur", "Ministère de l’Intérieur") in merges
    assert (
        "Agence du numérique de la sécurité civile",
        "Agence du Numérique de la Sécurité Civile",
    ) in merges
    assert all(spelling != name for spelling, name in merges)


def test_a_redaction_replaces_its_passage_in_the_description_and_the_body(tmp_path):
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text(
        "promotions:\n  'Promotion 2': {number: 2, year: 2018, label: '2e promotion'}\n"
        "redactions:\n"
        "  - {file: alpha.md, kind: prénoms d’EIG, text: 'Ana et Léa', replacement: Les EIG}\n",
        encoding="utf-8",
    )
    source = write_source(
        tmp_path / "site",
        defis={"alpha.md": defi("Alpha", body="Ana et Léa codent. Contact : ana@alpha.fr")},
        personnes={},
    )
    (source / "defis" / "alpha.md").write_text(
        (source / "defis" / "alpha.md").read_text().replace("Présentation", "Ana et Léa"),
        encoding="utf-8",
    )

    report = history_import(path=source, corrections_path=corrections)

    alpha = challenge("alpha.md")
    assert alpha.public_description == "Les EIG codent."
    assert alpha.public_summary == "Les EIG de Alpha."
    assert [(removal.kind, removal.replacement) for removal in report.personal_data_removed] == [
        (EMAIL_REMOVED, ""),
        ("prénoms d’EIG", "Les EIG"),
        ("prénoms d’EIG", "Les EIG"),
    ]


def test_a_redaction_no_longer_found_stops_the_import_before_anything_is_saved(tmp_path):
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text(
        "promotions:\n  'Promotion 2': {number: 2, year: 2018, label: '2e promotion'}\n"
        "redactions:\n  - {file: alpha.md, kind: prénom d’EIG, text: 'Ana a codé'}\n",
        encoding="utf-8",
    )
    source = write_source(
        tmp_path / "site", defis={"alpha.md": defi("Alpha", body="Ana code.")}, personnes={}
    )

    with pytest.raises(importer.DomainError, match=r"alpha.md .*introuvable"):
        history_import(path=source, corrections_path=corrections)

    assert not Challenge.objects.exists()


# The source's other traps


def test_a_hidden_defi_is_not_imported_and_is_reported(tmp_path):
    source = write_source(
        tmp_path,
        defis={"alpha.md": defi("Alpha"), "cache.md": defi("Caché", visible="false")},
        personnes={"personne-001.md": personne("Personne 001", defis=("Alpha", "Caché"))},
    )

    report = history_import(path=source)

    assert list(Challenge.objects.values_list("title", flat=True)) == ["Alpha"]
    assert report.hidden_challenges == ["defis/cache.md"]
    assert [(link.value, link.reason) for link in report.unresolved_links] == [
        ("Caché", "ce défi n’est pas publié (visible: false)")
    ]


def test_duplicate_titles_are_reported_and_links_to_them_left_unresolved(tmp_path):
    source = write_source(
        tmp_path,
        defis={
            "alpha.md": defi("Alpha"),
            "alpha-2.md": defi("Alpha", who="Cour de cassation"),
            "beta.md": defi("Béta"),
            "beta-2.md": defi("beta"),
        },
        personnes={
            "personne-001.md": personne("Personne 001", defis=("Alpha", "Beta", "Béta")),
        },
    )

    report = history_import(path=source)

    assert Challenge.objects.count() == 4
    assert sorted((link.file, link.value) for link in report.duplicate_titles) == [
        ("defis/alpha-2.md", "Alpha"),
        ("defis/alpha.md", "Alpha"),
        ("defis/beta-2.md", "beta"),
        ("defis/beta.md", "Béta"),
    ]
    assert all("plusieurs défis" in link.reason for link in report.duplicate_titles)
    # "Béta" is exact, hence unambiguous; "Alpha" and "Beta" are not.
    assert [(link.value, link.reason) for link in report.unresolved_links] == [
        ("Alpha", "plusieurs défis portent ce titre"),
        ("Beta", "plusieurs défis portent ce titre"),
    ]
    participant = HistoricalParticipant.objects.get()
    assert [linked.source_ref for linked in participant.challenges.all()] == [
        "eig-site:defis/beta.md"
    ]


def test_the_import_locks_the_programme_first_so_a_second_one_waits(monkeypatch):
    from django.db.models.query import QuerySet

    locked = []
    select_for_update = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append((self.model, Challenge.objects.exists()))
        return select_for_update(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)

    import_shipped_data()

    # The programme's row, locked before anything is read or written.
    assert locked[0] == (Programme, False)
