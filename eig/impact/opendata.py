"""The Impact page's figures and its per-promotion breakdown as open data (CSV and JSON).

Two datasets, computed live like the page (``eig.impact.figures``), under the Licence
Ouverte 2.0 and with the conventions of every open data file of the platform
(``eig.core.opendata``). Their columns (``FIGURE_COLUMNS``, ``PROMOTION_COLUMNS``) are a
contract with the reusers: never rename one, add new columns at the end; the
« Données ouvertes » page documents them from here.

No person appears: the figures are counts. A share computed over fewer défis or
answers than the programme's threshold is left empty, with the status
``pas_assez_de_donnees`` (défis) or ``pas_assez_de_reponses`` (alumni survey). For the
survey, whose answers are personal data, a promotion under the threshold leaves empty its
share, its number of alumni in the public sector and its number of answers, so that a
handful of answers never tells where an identifiable person works; and the programme's
share and number of answers are left empty, with the status ``secret_statistique``,
when subtracting the published promotions from them would give those answers away
(``eig.impact.figures``, secondary suppression).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.core.opendata import Column, csv_lines, json_envelope, json_record
from eig.impact.figures import ImpactFigures, PromotionFigures, Share

FIGURES_CSV_FILENAME = "chiffres-impact-eig.csv"
FIGURES_JSON_FILENAME = "chiffres-impact-eig.json"
PROMOTIONS_CSV_FILENAME = "promotions-eig.csv"
PROMOTIONS_JSON_FILENAME = "promotions-eig.json"
FIGURES_SCHEMA_FILENAME = "chiffres-impact-eig.schema.json"
PROMOTIONS_SCHEMA_FILENAME = "promotions-eig.schema.json"

STATUS_PUBLISHED = "publie"
STATUS_NOT_ENOUGH_DATA = "pas_assez_de_donnees"
STATUS_NOT_ENOUGH_ANSWERS = "pas_assez_de_reponses"
STATUS_SUPPRESSED = "secret_statistique"
UNIT_COUNT = "nombre"
UNIT_PERCENT = "pourcentage"


def _percent(share: Share) -> float | None:
    percent = share.percent
    return float(percent) if isinstance(percent, Decimal) else None


def _share_status(share: Share, *, from_survey: bool) -> str:
    if share.published:
        return STATUS_PUBLISHED
    if share.enough:
        return STATUS_SUPPRESSED
    return STATUS_NOT_ENOUGH_ANSWERS if from_survey else STATUS_NOT_ENOUGH_DATA


@dataclass(frozen=True)
class Figure:
    """One line of the figures file."""

    key: str
    label: Any
    value: int | float | None
    unit: str
    base: int | None = None
    status: str = STATUS_PUBLISHED

    @classmethod
    def of_share(cls, key: str, label: Any, share: Share, *, from_survey: bool) -> "Figure":
        # The survey's number of answers is published only with its share.
        base = share.base if share.published or not from_survey else None
        status = _share_status(share, from_survey=from_survey)
        return cls(key, label, _percent(share), UNIT_PERCENT, base, status)


def figure_list(figures: ImpactFigures) -> list[Figure]:
    """The figures of the Impact page, in its order."""
    outcomes_known = figures.carried_on_share.base
    alumni = figures.public_sector_share
    return [
        Figure("promotions", _("Promotions"), figures.promotions, UNIT_COUNT),
        Figure("eig", _("EIG recrutés"), figures.eigs, UNIT_COUNT),
        Figure("defis", _("Défis publics"), figures.challenges, UNIT_COUNT),
        Figure(
            "administrations", _("Administrations porteuses"), figures.organisations, UNIT_COUNT
        ),
        Figure(
            "defis_termines_devenir_connu",
            _("Défis terminés dont le devenir est connu"),
            outcomes_known,
            UNIT_COUNT,
        ),
        Figure(
            "defis_termines_devenir_inconnu",
            _("Défis terminés dont le devenir est inconnu"),
            figures.outcomes_unknown,
            UNIT_COUNT,
        ),
        Figure.of_share(
            "part_defis_poursuivis",
            _("Part des défis terminés poursuivis dans leur administration"),
            figures.carried_on_share,
            from_survey=False,
        ),
        Figure(
            "alumni_repondants",
            _("Alumni ayant répondu à l’enquête"),
            alumni.base if alumni.published else None,
            UNIT_COUNT,
            status=_share_status(alumni, from_survey=True),
        ),
        Figure.of_share(
            "part_alumni_secteur_public",
            _("Part des alumni qui travaillent dans le secteur public"),
            alumni,
            from_survey=True,
        ),
    ]


FIGURE_COLUMNS: tuple[Column, ...] = (
    Column(
        "indicateur", _("Code stable de l’indicateur (par exemple « defis »)."), lambda f: f.key
    ),
    Column("libelle", _("L’indicateur, en toutes lettres."), lambda f: str(f.label)),
    Column(
        "valeur",
        _(
            "La valeur : un nombre, ou un pourcentage à une décimale (point décimal) ; "
            "vide quand elle n’est pas publiée (voir « statut »)."
        ),
        lambda f: f.value,
        type="number",
    ),
    Column("unite", _("« nombre » ou « pourcentage »."), lambda f: f.unit),
    Column(
        "base",
        _(
            "Pour un pourcentage : le nombre de défis terminés au devenir connu, ou de "
            "réponses à l’enquête, sur lequel il est calculé. Pour l’enquête, vide quand "
            "la part n’est pas publiée."
        ),
        lambda f: f.base,
        type="integer",
    ),
    Column(
        "statut",
        _(
            "« publie » ; « pas_assez_de_donnees » (défis) ou « pas_assez_de_reponses » "
            "(enquête auprès des alumni) quand la part est calculée sur moins de défis ou "
            "de réponses que le seuil du programme (seuil_reponses dans le JSON) ; "
            "« secret_statistique » quand la part de l’enquête et le nombre de réponses "
            "ne sont pas publiés parce qu’en leur retranchant les promotions publiées, on "
            "retrouverait les réponses des promotions masquées (elles totalisent au moins "
            "une réponse mais moins que le seuil). La valeur est alors vide."
        ),
        lambda f: f.status,
    ),
)


def _alumni_respondents(row: PromotionFigures) -> int | None:
    return row.alumni_respondents if row.public_sector_share.published else None


def _public_sector(row: PromotionFigures) -> int | None:
    return row.alumni_public_sector if row.public_sector_share.published else None


PROMOTION_COLUMNS: tuple[Column, ...] = (
    Column(
        "promotion", _("Nom de la promotion (par exemple « 7e promotion »)."), lambda r: r.label
    ),
    Column("numero", _("Numéro de la promotion."), lambda r: r.number, type="integer"),
    Column("annee", _("Année de la promotion."), lambda r: r.year, type="integer"),
    Column(
        "annexe_de",
        _(
            "Pour une promotion annexe (comme la promotion DIG de 2019) : la promotion "
            "principale à laquelle elle se rattache ; vide sinon. Une promotion annexe "
            "n’est pas comptée comme une promotion."
        ),
        lambda r: r.parent_label,
    ),
    Column(
        "defis",
        _("Nombre de défis publics de la promotion."),
        lambda r: r.challenges,
        type="integer",
    ),
    Column(
        "administrations",
        _("Nombre d’administrations distinctes portant ces défis."),
        lambda r: r.organisations,
        type="integer",
    ),
    Column(
        "eig",
        _(
            "Nombre d’EIG de la promotion (historique importé et contrats commencés : une "
            "personne dont le contrat n’a pas encore commencé n’est pas comptée). Une "
            "personne de deux promotions compte dans chacune."
        ),
        lambda r: r.eigs,
        type="integer",
    ),
    Column(
        "defis_devenir_connu",
        _("Défis terminés dont le devenir est connu."),
        lambda r: r.outcomes_known,
        type="integer",
    ),
    Column(
        "defis_poursuivis",
        _("Parmi eux, défis poursuivis dans leur administration."),
        lambda r: r.carried_on,
        type="integer",
    ),
    Column(
        "part_defis_poursuivis",
        _(
            "Part des défis poursuivis, en % à une décimale ; vide quand moins de défis "
            "terminés que le seuil du programme (seuil_reponses dans le JSON) ont un "
            "devenir connu."
        ),
        lambda r: _percent(r.carried_on_share),
        type="number",
    ),
    Column(
        "alumni_repondants",
        _(
            "Alumni de la promotion ayant répondu à l’enquête (une réponse par personne) ; "
            "vide quand la promotion compte moins de réponses que le seuil du programme "
            "(seuil_reponses dans le JSON) : les réponses sont des données personnelles, "
            "ni leur nombre exact, ni les deux colonnes suivantes ne sont alors publiés."
        ),
        _alumni_respondents,
        type="integer",
    ),
    Column(
        "alumni_secteur_public",
        _(
            "Parmi eux, alumni travaillant dans le secteur public ; vide quand la "
            "promotion compte moins de réponses que le seuil."
        ),
        _public_sector,
        type="integer",
    ),
    Column(
        "part_secteur_public",
        _(
            "Part des alumni dans le secteur public, en % à une décimale ; vide quand la "
            "promotion compte moins de réponses que le seuil."
        ),
        lambda r: _percent(r.public_sector_share),
        type="number",
    ),
    Column(
        "defis_devenir_inconnu",
        _("Défis terminés dont le devenir est inconnu."),
        lambda r: r.outcomes_unknown,
        type="integer",
    ),
    Column(
        "eig_affectes_appariement",
        _(
            "Personnes que l’affectation (appariement stable publié) a placées sur un défi de "
            "la promotion ; vide sous le seuil du programme (seuil_reponses dans le JSON)."
        ),
        lambda r: r.matching_placed if r.top_two_choices_share.published else None,
    ),
    Column(
        "part_deux_premiers_choix",
        _(
            "Parmi elles, part placée sur l’un de ses deux premiers choix, en % à une "
            "décimale ; vide sous le seuil du programme."
        ),
        lambda r: _percent(r.top_two_choices_share),
    ),
)


def _source() -> str:
    return settings.SITE_URL + reverse("impact:page")


def figures_csv_lines(figures: ImpactFigures) -> Iterable[str]:
    return csv_lines(FIGURE_COLUMNS, figure_list(figures))


def figures_json_document(figures: ImpactFigures) -> dict[str, Any]:
    return {
        **json_envelope(
            source=_source(),
            columns=FIGURE_COLUMNS,
            key="chiffres",
            records=[json_record(FIGURE_COLUMNS, figure) for figure in figure_list(figures)],
        ),
        "seuil_reponses": figures.min_answers,
    }


def promotions_csv_lines(figures: ImpactFigures) -> Iterable[str]:
    return csv_lines(PROMOTION_COLUMNS, figures.rows)


def promotions_json_document(figures: ImpactFigures) -> dict[str, Any]:
    return {
        **json_envelope(
            source=_source(),
            columns=PROMOTION_COLUMNS,
            key="promotions",
            records=[json_record(PROMOTION_COLUMNS, row) for row in figures.rows],
        ),
        "seuil_reponses": figures.min_answers,
    }
