"""Read the programme's history as its website keeps it (``data/eig-site``), and the
editorial corrections (``data/eig-site-corrections.yaml``): parsing, normalising
spellings, and removing every personal datum from the public texts."""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from eig.core.errors import DomainError
from eig.impact.history_report import EMAIL_REMOVED, ImportReport, PersonalDataRemoval

SOURCE_PREFIX = "eig-site:"
CHALLENGES_FOLDER = "defis"
PEOPLE_FOLDER = "personnes"
SECTION_PAGE = "_index.md"
PARTICIPANT_ROLE = "participant"
DEFAULT_CORRECTIONS = Path(__file__).resolve().parents[2] / "data" / "eig-site-corrections.yaml"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)
# Hugo shortcodes ({{< dailymotion x8aotqe "…" >}}, {{% … %}}): website widgets, not text.
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
# Kramdown/Hugo attribute lists ("L’administration porteuse{.subtitle}", "{: #id .class}"):
# the website's styling, not text.
_ATTRIBUTE = r"(?:[.#][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
_ATTRIBUTE_LIST = re.compile(rf"[ \t]*\{{:?[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}")
# An e-mail address, and the words around one that only lead to it ("par courriel :",
# "à l’adresse :", "contact :"), removed with it so that the sentence still reads.
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_EMAIL_ADDRESS = re.compile(_EMAIL)
_MAILTO_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?mailto:[^)\n]*\)")
_EMAIL_AUTOLINK = re.compile(rf"<(?:mailto:)?({_EMAIL})>")
_MAILTO = re.compile(rf"mailto:({_EMAIL})")
_EMAIL_IN_PARENTHESES = re.compile(rf"[ \t]*\([ \t]*{_EMAIL}[ \t]*\)")
_EMAIL_LEAD = (
    r"(?:par (?:courriel|e-?mail|mail)|à l[’']adresse(?: (?:électronique|e-?mail|mail))?"
    r"|(?<![\w’'])(?:[Cc]ontact|[Cc]ourriel|[Ee]-?mail|[Mm]ail)(?=[ \t]*:))"
)
_EMAIL_WITH_LEAD = re.compile(rf"[ \t]*(?:{_EMAIL_LEAD}[ \t]*)?(?::[ \t]*)?{_EMAIL}")
_CONNECTOR_ONLY = re.compile(rf"[ \t]*(?:{_EMAIL_LEAD}|ici|{_EMAIL})?[ \t]*", re.IGNORECASE)
_EMPTY_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]*")
_SPACES = re.compile(r"\s+")
TRAILING_PUNCTUATION = " ,;:.-–"


@dataclass(frozen=True)
class SourceChallenge:
    file: str
    title: str
    description: str
    who: str
    promotion_label: str
    body: str
    beta_product_url: str
    visible: bool = True


@dataclass(frozen=True)
class SourcePerson:
    file: str
    role: str
    job: str
    expertises: list[str]
    promotion_labels: list[str]
    challenge_titles: list[str]


@dataclass(frozen=True)
class PromotionReference:
    label: str
    number: int
    year: int
    parent_source_label: str


@dataclass(frozen=True)
class AdministrationReference:
    name: str
    acronym: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Redaction:
    """A passage of a défi's text replaced because it names a person."""

    text: str
    replacement: str
    kind: str


@dataclass(frozen=True)
class Corrections:
    promotions: dict[str, PromotionReference]
    administrations: list[AdministrationReference]
    unclear: dict[str, str]
    # By défi file name ("optiflex.md").
    redactions: dict[str, list[Redaction]] = field(default_factory=dict)


def clean_text(value: Any) -> str:
    """A source string with its spaces collapsed and trimmed (``None`` gives "")."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def spelling_key(value: str) -> str:
    """The comparison key of a name: no case, accents, apostrophe variants, spacing or
    trailing punctuation, so that "Cour de Cassation" and "Cour de cassation " meet."""
    text = clean_text(value).replace("’", "'").replace("‘", "'").rstrip(TRAILING_PUNCTUATION)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _string_list(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [text for text in (clean_text(item) for item in values) if text]


def parse_markdown_file(path: Path) -> tuple[dict[str, Any], str]:
    """The front matter and the body of one content file."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise DomainError(f"{path.name} : pas d’en-tête YAML (« --- ») en début de fichier.")
    try:
        front_matter = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise DomainError(f"{path.name} : en-tête YAML illisible ({error}).") from error
    if not isinstance(front_matter, dict):
        raise DomainError(f"{path.name} : l’en-tête YAML n’est pas un dictionnaire.")
    return front_matter, match.group(2)


def strip_shortcodes(body: str) -> str:
    """The Markdown body without the website's Hugo shortcodes (videos and the like) and
    attribute lists (``{.subtitle}``)."""
    without = _ATTRIBUTE_LIST.sub("", _SHORTCODE.sub("", body))
    return re.sub(r"\n{3,}", "\n\n", without).strip()


def _mailto_link_text(match: re.Match[str]) -> str:
    text = match.group(1)
    return "" if _CONNECTOR_ONLY.fullmatch(text) else text


def _line_without_emails(line: str) -> str:
    line = _MAILTO_LINK.sub(_mailto_link_text, line)
    line = _EMAIL_AUTOLINK.sub(r"\1", line)
    line = _MAILTO.sub(r"\1", line)
    line = _EMAIL_IN_PARENTHESES.sub("", line)
    line = _EMAIL_WITH_LEAD.sub("", line)
    line = re.sub(r"[ \t]+([.,])", r"\1", line).rstrip()
    return "" if _EMPTY_LIST_ITEM.fullmatch(line) else line


def remove_emails(text: str) -> tuple[str, int]:
    """The ``text`` without any e-mail address (``mailto:`` links included), and how many
    it had. The words that only led to an address go with it ("nous contacter par
    courriel : x@y.fr" gives "nous contacter"); the lines without one are left as they are."""
    count = len(_EMAIL_ADDRESS.findall(text))
    if not count:
        return text, 0
    lines = [
        _line_without_emails(line) if _EMAIL_ADDRESS.search(line) else line
        for line in text.split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), count


def personal_data_remove(
    source: SourceChallenge, redactions: list[Redaction], report: ImportReport
) -> SourceChallenge:
    """The défi with its public texts freed of e-mail addresses, then of the passages the
    corrections file redacts (written as they read once the addresses are removed).

    A redaction whose text is no longer found stops the import: the source changed and
    someone must check that it names nobody, rather than publish it."""
    file = f"{CHALLENGES_FOLDER}/{source.file}"
    description, in_description = remove_emails(source.description)
    body, in_body = remove_emails(source.body)
    report.personal_data_removed += [PersonalDataRemoval(file=file, kind=EMAIL_REMOVED)] * (
        in_description + in_body
    )
    for redaction in redactions:
        found = description.count(redaction.text) + body.count(redaction.text)
        if not found:
            raise DomainError(
                f"Corrections : le passage à occulter de {file} (« {redaction.kind} ») est "
                "introuvable : la source a changé, vérifiez qu’elle ne nomme personne et "
                "mettez le fichier de corrections à jour."
            )
        description = description.replace(redaction.text, redaction.replacement)
        body = body.replace(redaction.text, redaction.replacement)
        report.personal_data_removed += [
            PersonalDataRemoval(file=file, kind=redaction.kind, replacement=redaction.replacement)
        ] * found
    return replace(source, description=description, body=body)


def _content_files(root: Path, folder: str) -> list[Path]:
    directory = root / folder
    if not directory.is_dir():
        raise DomainError(f"Dossier introuvable : {directory}.")
    return sorted(path for path in directory.glob("*.md") if path.name != SECTION_PAGE)


def _is_visible(value: Any) -> bool:
    """``visible`` of the front matter: only an explicit "false" hides a défi."""
    if value is None:
        return True
    return value is not False and clean_text(value).lower() not in {"false", "no", "non", "0"}


def read_challenges(root: Path) -> list[SourceChallenge]:
    challenges = []
    for path in _content_files(root, CHALLENGES_FOLDER):
        data, body = parse_markdown_file(path)
        promotions = _string_list(data.get("promos"))
        challenges.append(
            SourceChallenge(
                file=path.name,
                title=clean_text(data.get("title")),
                description=str(data.get("description") or "").strip(),
                who=clean_text(data.get("who")),
                promotion_label=promotions[0] if promotions else "",
                body=strip_shortcodes(body),
                beta_product_url=clean_text(data.get("urlSET")),
                visible=_is_visible(data.get("visible")),
            )
        )
    return challenges


def read_people(root: Path) -> list[SourcePerson]:
    people = []
    for path in _content_files(root, PEOPLE_FOLDER):
        data, _body = parse_markdown_file(path)
        people.append(
            SourcePerson(
                file=path.name,
                role=clean_text(data.get("role")),
                job=clean_text(data.get("job")),
                expertises=_string_list(data.get("expertises")),
                promotion_labels=_string_list(data.get("promos")),
                challenge_titles=_string_list(data.get("defis")),
            )
        )
    return people


def read_corrections(path: Path) -> Corrections:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise DomainError(f"Fichier de corrections illisible : {path} ({error}).") from error
    promotions = {
        clean_text(label): PromotionReference(
            label=clean_text(entry["label"]),
            number=int(entry["number"]),
            year=int(entry["year"]),
            parent_source_label=clean_text(entry.get("parent")),
        )
        for label, entry in (data.get("promotions") or {}).items()
    }
    administrations = [
        AdministrationReference(
            name=clean_text(entry["name"]),
            acronym=clean_text(entry.get("acronym")),
            spellings=tuple(clean_text(spelling) for spelling in entry.get("spellings") or []),
        )
        for entry in data.get("administrations") or []
    ]
    unclear = {
        spelling_key(entry["spelling"]): clean_text(entry.get("reason"))
        for entry in data.get("unclear_administrations") or []
    }
    redactions: dict[str, list[Redaction]] = {}
    for entry in data.get("redactions") or []:
        try:
            redaction = Redaction(
                text=str(entry["text"]),
                replacement=str(entry.get("replacement") or ""),
                kind=clean_text(entry["kind"]),
            )
            file = clean_text(entry["file"])
        except (KeyError, TypeError) as error:
            raise DomainError(
                f"Corrections : occultation incomplète ({entry!r}) : il faut file, text et kind."
            ) from error
        if not redaction.text:
            raise DomainError(f"Corrections : occultation sans texte pour {file}.")
        redactions.setdefault(file, []).append(redaction)
    return Corrections(
        promotions=promotions,
        administrations=administrations,
        unclear=unclear,
        redactions=redactions,
    )
