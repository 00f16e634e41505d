"""Helpers for the tests of the history import: the shipped data and tiny source trees."""

from pathlib import Path

from eig.impact.history_import import ImportReport, history_import

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = ROOT / "data" / "eig-site"


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
) -> str:
    return (
        f"---\ntitle: {title}\ndescription: Présentation de {title}.\nwho: {who}\n"
        f"promos:\n  - {promo}\ndate: {date}\nvisible: true\n{extra}---\n{body}"
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
