"""The public catalogue and défi pages with the imported history of the programme."""

import re

import pytest
from django.urls import reverse

from eig.challenges.models import Challenge
from eig.challenges.views.public import PAGE_SIZE
from eig.organisations.models import Organisation
from eig.programmes.models import Promotion
from tests.factories import HistoricalParticipantFactory
from tests.impact.history import defi, import_shipped_data, personne, write_source

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("challenges:catalogue")
PERSON_TITLE = re.compile(r"Personne\s*\d")


def catalogue_titles(client, **params) -> list[str]:
    """Every title of the catalogue, page after page."""
    titles: list[str] = []
    page = 1
    while True:
        response = client.get(CATALOGUE, {**params, "page": page})
        assert response.status_code == 200
        titles += [challenge.title for challenge in response.context["page_obj"].object_list]
        assert not PERSON_TITLE.search(response.content.decode())
        if not response.context["page_obj"].has_next():
            return titles
        page += 1


def test_the_catalogue_lists_every_historical_defi_once_and_filters_them(client):
    import_shipped_data()
    expected = sorted(
        Challenge.objects.filter(source_ref__startswith="eig-site:").values_list("title", flat=True)
    )
    assert len(expected) == 131 > PAGE_SIZE

    assert sorted(catalogue_titles(client)) == expected

    side = Promotion.objects.get(parent__isnull=False)
    assert len(catalogue_titles(client, promotion=side.pk)) == 17
    cgdd = Organisation.objects.get(acronym="CGDD")
    assert len(catalogue_titles(client, organisation=cgdd.pk)) == 7
    response = client.get(CATALOGUE)
    promotion_choices = [
        str(choice[1]) for choice in response.context["filter_form"].fields["promotion"].choices
    ]
    assert "3e promotion – DIG (annexe)" in promotion_choices
    assert "1re promotion" in promotion_choices


def test_no_public_page_of_a_historical_defi_names_a_person(client):
    import_shipped_data()

    for challenge in Challenge.objects.filter(source_ref__startswith="eig-site:"):
        response = client.get(reverse("challenges:public_detail", args=[challenge.pk]))
        assert response.status_code == 200
        assert not PERSON_TITLE.search(response.content.decode()), challenge.source_ref


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
    assert "Personne 00" not in html
    assert "Sponsor" not in html
    # The instruction's sections, empty for an imported défi, are not shown.
    assert "Le plan d’expérimentation" not in html


def test_a_historical_team_counts_each_job(client):
    import_shipped_data()
    challenge = Challenge.objects.get(source_ref="eig-site:defis/a-just.md")
    HistoricalParticipantFactory(job="Designer", challenges=[challenge])
    HistoricalParticipantFactory(job="designer", challenges=[challenge])

    response = client.get(reverse("challenges:public_detail", args=[challenge.pk]))

    assert response.context["history_team"].count == 3
    assert "3 EIG : designer (2), directeur technique" in response.content.decode()
