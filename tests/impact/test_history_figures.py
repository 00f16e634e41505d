"""After the import, the Impact page counts what anyone can count in the source files."""

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from tests.impact.history import SHIPPED_DATA, import_shipped_data

pytestmark = pytest.mark.django_db


def _front_matters(folder: str) -> list[dict]:
    """The YAML front matter of each Markdown file of the source's ``folder``."""
    documents = []
    for path in sorted((SHIPPED_DATA / folder).glob("*.md")):
        if path.name == "_index.md":
            continue
        documents.append(yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]))
    return documents


def _counted_in_the_source() -> dict[str, int]:
    defis = [d for d in _front_matters("defis") if d.get("visible", True)]
    eigs = [p for p in _front_matters("personnes") if p["role"] == "participant"]
    promotions = {label for d in defis for label in d["promos"] if " - " not in label}
    return {"defis": len(defis), "eig": len(eigs), "promotions": len(promotions)}


def _figures(client) -> dict[str, str]:
    document = client.get(reverse("impact:figures_json")).json()
    return {item["indicateur"]: item["valeur"] for item in document["chiffres"]}


def test_the_impact_figures_are_those_counted_in_the_source_files(client):
    import_shipped_data()

    expected = _counted_in_the_source()
    figures = _figures(client)

    assert expected == {"defis": 131, "eig": 224, "promotions": 7}
    assert {key: figures[key] for key in expected} == expected
    page = " ".join(client.get(reverse("impact:page")).content.decode().split())
    assert "224" in page
    assert "131" in page


def test_the_demo_data_never_changes_the_historical_promotions_figures(client):
    import_shipped_data()
    before = client.get(reverse("impact:promotions_json")).json()["promotions"]

    call_command("seed_demo")
    cache.clear()  # the open data files are kept a minute: as if it had passed

    after = client.get(reverse("impact:promotions_json")).json()["promotions"]
    historical = {row["promotion"] for row in before}
    assert [row for row in after if row["promotion"] in historical] == before
    assert len(after) > len(before)  # the demo's défis are in promotions of their own
