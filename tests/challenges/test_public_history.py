"""The public catalogue and défi pages with the imported history of the programme."""

import re

import pytest
from django.urls import reverse

from eig.challenges.models import Challenge
from eig.organisations.models import Organisation
from eig.programmes.models import Promotion
from tests.factories import HistoricalParticipantFactory
from tests.impact.history import (
    defi,
    import_shipped_data,
    personal_data_found,
    personne,
    write_source,
)

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("challenges:catalogue")
MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)
PROSE = re.compile(r'<div class="eig-prose">(.*?)</div>', re.DOTALL)
HEADING_LEVEL = re.compile(r"<h([1-6])\b")


def main_content(response) -> str:
    match = MAIN.search(response.content.decode())
    assert match is not None
    return match.group(0)


def catalogue_titles(client, **params) -> list[str]:
    """Every title of the catalogue, page after page."""
    titles: list[str] = []
    page = 1
    while True:
        response = client.get(CATALOGUE, {**params, "page": page})
        assert response.status_code == 200
        titles += [challenge.title for challenge in response.context["page_obj"].object_list]
        assert personal_data_found(main_content(response)) == []
        if not response.context["page_obj"].has_next():
            return titles
        page += 1


def test_the_catalogue_lists_every_historical_defi_once_and_filters_them(client, settings):
    import_shipped_data()
    expected = sorted(
        Challenge.objects.filter(source_ref__startswith="eig-site:").values_list("title", flat=True)
    )
    assert len(expected) == 131 > settings.PAGE_SIZE

    assert sorted(catalogue_titles(client)) == expected

    side = Promotion.objects.get(parent__isnull=False)
    assert len(catalogue_titles(client, promotion=side.pk)) == 17
    cgdd = Organisation.objects.get(acronym="CGDD")
    assert len(catalogue_titles(client, organisation=cgdd.pk)) == 7
    # The page as served (its first page's content may come from the cache): its menu.
    menu = re.search(
        r'<select name="promotion".*?</select>', client.get(CATALOGUE).content.decode(), re.S
    )
    promotion_choices = re.findall(r"<option[^>]*>([^<]*)</option>", menu.group(0))
    assert "3e promotion – DIG (annexe)" in promotion_choices
    assert "1re promotion" in promotion_choices


def test_no_public_page_of_a_historical_defi_names_a_person_or_an_address(client):
    import_shipped_data()
    challenges = Challenge.objects.filter(source_ref__startswith="eig-site:")
    assert challenges.count() == 131

    for challenge in challenges:
        response = client.get(reverse("challenges:public_detail", args=[challenge.pk]))
        assert response.status_code == 200
        main = main_content(response)
        prose = PROSE.search(main)
        assert (prose is not None) == bool(challenge.public_description), challenge.source_ref
        description = prose.group(1) if prose else ""
        assert "@" not in description.replace("Percev@l", "").replace("b@liseNAV", "")
        assert personal_data_found(main) == [], challenge.source_ref


def test_the_open_data_of_the_historical_defis_names_no_person_and_no_address(client):
    import_shipped_data()

    csv = b"".join(client.get(reverse("challenges:opendata_csv")).streaming_content).decode()
    document = client.get(reverse("challenges:opendata_json")).content.decode()

    assert "A-JUST" in csv
    assert "A-JUST" in document
    assert personal_data_found(csv) == []
    assert personal_data_found(document) == []


def test_the_headings_of_every_historical_description_start_at_h2_and_never_skip(client):
    import_shipped_data()

    for challenge in Challenge.objects.filter(source_ref__startswith="eig-site:"):
        response = client.get(reverse("challenges:public_detail", args=[challenge.pk]))
        prose = PROSE.search(main_content(response))
        description = prose.group(1) if prose else ""
        levels = [int(level) for level in HEADING_LEVEL.findall(description)]
        previous = 1  # the page's title
        for level in levels:
            assert 2 <= level <= previous + 1, (challenge.source_ref, levels)
            previous = level
        assert "{." not in description, challenge.source_ref
        assert 'href="/' not in description, challenge.source_ref


def test_a_link_to_the_old_website_keeps_its_text_only(client):
    import_shipped_data()
    challenge = Challenge.objects.get(source_ref="eig-site:defis/eig-link-1.md")

    response = client.get(reverse("challenges:public_detail", args=[challenge.pk]))

    prose = PROSE.search(main_content(response))
    assert prose is not None
    assert "/participer/candidats/" not in prose.group(1)
    assert "page de présentation de l'appel à candidatures&nbsp;pour" in prose.group(1)
    assert "<a " in prose.group(1)  # its links to other websites stay


def test_a_historical_defi_page_shows_its_description_team_and_source(client, tmp_path):
    source = write_source(
        tmp_path,
        defis={
            "alpha.md": defi(
                "Alpha",
                body=(
                    "## Le défi\n\nAider **les greffes**. [Le site](https://alpha.beta.gouv.fr)\n\n"
                    "<script>alert('x')</script>\n\n![capture](https://exemple.fr/capture.png)\n\n"
                    '<div onclick="x">brut</div>\n'
                ),
            )
        },
        personnes={
            "personne-001.md": personne("Personne 001", job="Développeur", defis=("Alpha",)),
            "personne-002.md": personne("Personne 002", job="Designer", defis=("Alpha",)),
            "personne-003.md": personne(
                "Personne 003", role="agent-public", job="Sponsor", defis=("Alpha",)
            ),
        },
    )
    from eig.impact.history_import import history_import

    history_import(path=source)
    alpha = Challenge.objects.get(source_ref="eig-site:defis/alpha.md")

    response = client.get(reverse("challenges:public_detail", args=[alpha.pk]))

    html = response.content.decode()
    assert "<h2>Le défi</h2>" in html
    assert "<strong>les greffes</strong>" in html
    assert 'href="https://alpha.beta.gouv.fr"' in html
    assert "<script>alert" not in html
    assert "capture.png" not in html
    assert "onclick" not in html
    assert "2 EIG : designer, développeur" in html
    assert "Programme Entrepreneur·es d’intérêt général, DINUM" in html
    assert "Licence Ouverte 2.0" in html
    assert "Le devenir du défi n’y est pas renseigné" in html
    assert "Personne 00" not in html  # the pseudonyms of the source's people
    assert "Sponsor" not in html
    # The instruction's sections, empty for an imported défi, are not shown.
    assert "Le plan d’expérimentation" not in html


def test_a_public_team_counts_each_job(client):
    import_shipped_data()
    challenge = Challenge.objects.get(source_ref="eig-site:defis/a-just.md")
    HistoricalParticipantFactory(job="Designer", challenges=[challenge])
    HistoricalParticipantFactory(job="designer", challenges=[challenge])

    response = client.get(reverse("challenges:public_detail", args=[challenge.pk]))

    assert response.context["team"].count == 3
    assert "3 EIG : designer (2), directeur technique" in response.content.decode()
