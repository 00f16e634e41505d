"""Helpers for the tests of the history import: the shipped data and tiny source trees."""

import re
from pathlib import Path

from eig.impact.history_import import history_import
from eig.impact.history_report import ImportReport

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = ROOT / "data" / "eig-site"

# Every person the shipped défis name, found by reading all of them (the corrections
# file's ``redactions``): EIGs, agents of the administrations, a quoted agent, designers.
# None may reach a public page or an open-data file.
PERSON_NAMES = (
    "Clara Carneiro Alves", "Sophie Topart", "Patrick Maison", "Pierre-Alain Jachiet",
    "Pierre-Étienne Devineau", "Charles-André Boulle", "Pierre Paulin", "Jean Nouvel",
    "Pierre-Alain", "Pierre-Étienne", "Charles-André",
    "Clara", "Sophie", "Patrick", "Pierre", "Étienne", "Emmanuel", "Jean-Baptiste",
    "Sébastien", "Arnaud", "Adrien", "Constance", "Dora", "Frédéric", "David", "Sami",
    "Ambre", "Maxime", "Marion", "Bastien", "Laurie", "Ned", "Paul", "Benoît", "Victor",
    "Philéas", "Julien", "Samah", "Léo", "Laurent", "Tristram", "Francis", "Martin", "Elsa",
    "Antoine", "Tiphaine", "Guillaume", "Christophe", "Élise", "Jehanne",
)  # fmt: skip
# Names in the addresses of people's own pages (any case).
PERSON_NAMES_IN_ADDRESSES = (
    "carneiro", "topart", "destandau", "lancrenon", "dussert", "jeanbaptisteassouad",
    "liviaribeiro", "github.com/bzg",
)  # fmt: skip
# Names of things that hold a first name or an "@": not people.
NOT_PEOPLE = ("Percev@l", "b@liseNAV", "Antoine-Koenigswarter", "Antoine Koenigswarter")
_PERSON_NAME = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, PERSON_NAMES)) + r")(?![\w-])")
_EMAIL_LIKE = re.compile(r"\S*@\S*")


def personal_data_found(text: str) -> list[str]:
    """The names of people, e-mail addresses (any "@") and ``mailto:`` found in ``text``."""
    for thing in NOT_PEOPLE:
        text = text.replace(thing, "")
    found = _PERSON_NAME.findall(text) + _EMAIL_LIKE.findall(text)
    found += [name for name in PERSON_NAMES_IN_ADDRESSES if name in text.casefold()]
    return found + (["mailto"] if "mailto" in text.casefold() else [])


def import_shipped_data(**kwargs) -> ImportReport:
    return history_import(path=SHIPPED_DATA, **kwargs)


def write_source(root: Path, *, defis: dict[str, str], personnes: dict[str, str]) -> Path:
    """A source tree like data/eig-site: ``{file name: file text}`` per folder."""
    for folder, files in (("defis", defis), ("personnes", personnes)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
    return root


def defi(
    title: str,
    *,
    who: str = "Cour des comptes",
    promo: str = "Promotion 2",
    date: str = "2018",
    body: str = "",
    extra: str = "",
    visible: str = "true",
) -> str:
    return (
        f"---\ntitle: {title}\ndescription: Présentation de {title}.\nwho: {who}\n"
        f"promos:\n  - {promo}\ndate: {date}\nvisible: {visible}\n{extra}---\n{body}"
    )


def personne(
    title: str,
    *,
    role: str = "participant",
    job: str = "Développeur",
    promos: tuple[str, ...] = ("Promotion 2",),
    defis: tuple[str, ...] = (),
) -> str:
    lines = [f"title: {title}", f"role: {role}", f"job: {job}", "promos:"]
    lines += [f"- {promo}" for promo in promos]
    lines += ["defis:"] + [f"- {name}" for name in defis]
    return "---\n" + "\n".join(lines) + "\n---\n"
