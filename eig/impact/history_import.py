"""Import the programme's history from its website's content (``data/eig-site``).

The source is the website's own format: one Markdown file per défi (``defis/``) and per
person (``personnes/``, pseudonymised), each with YAML front matter. It is real and
untidy, so the import normalises what it safely can, applies the editorial reference
(``data/eig-site-corrections.yaml``: promotion years, administrations' spellings) and
reports everything else rather than guessing.

It creates the promotions, the administrations, the défis (status "terminé", outcome
unknown) and the EIGs as anonymous historical participants. It is idempotent: records
are keyed on ``source_ref`` ("eig-site:defis/a-just.md"), only the fields that come from
the source are compared and updated, and existing promotions and administrations are
reused, never changed. Everything runs in one transaction.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.history import changed_fields, event_record
from eig.impact.models import HistoricalParticipant
from eig.organisations.models import Organisation
from eig.programmes.models import Programme, Promotion
from eig.programmes.selectors import current_programme

SOURCE_PREFIX = "eig-site:"
CHALLENGES_FOLDER = "defis"
PEOPLE_FOLDER = "personnes"
SECTION_PAGE = "_index.md"
PARTICIPANT_ROLE = "participant"
DEFAULT_CORRECTIONS = Path(__file__).resolve().parents[2] / "data" / "eig-site-corrections.yaml"

# The figures of the programme's press material, which the source does not match.
PUBLISHED_FIGURES = "101 défis et 206 EIG sur six promotions"

ACTION_IMPORTED = "imported"
ACTION_IMPORT_UPDATED = "import_updated"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)
# Hugo shortcodes ({{< dailymotion x8aotqe "…" >}}, {{% … %}}): website widgets, not text.
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
_SPACES = re.compile(r"\s+")
_TRAILING_PUNCTUATION = " ,;:.-–"


# --- The report -----------------------------------------------------------------------


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class UnresolvedLink:
    file: str
    value: str
    reason: str


@dataclass(frozen=True)
class MergedSpelling:
    spelling: str
    administration: str


@dataclass
class ImportReport:
    """What the import did and what it could not do, printed by the command."""

    dry_run: bool = False
    promotions: Tally = field(default_factory=Tally)
    administrations: Tally = field(default_factory=Tally)
    challenges: Tally = field(default_factory=Tally)
    participants: Tally = field(default_factory=Tally)
    merged_spellings: list[MergedSpelling] = field(default_factory=list)
    unclear_administrations: list[UnresolvedLink] = field(default_factory=list)
    unresolved_links: list[UnresolvedLink] = field(default_factory=list)
    # Links resolved once the stray spaces, case or accents were set aside.
    normalised_links: list[UnresolvedLink] = field(default_factory=list)
    skipped_by_role: dict[str, int] = field(default_factory=dict)
    challenges_without_participants: list[str] = field(default_factory=list)
    published_figures: str = PUBLISHED_FIGURES


# --- Reading the source ---------------------------------------------------------------


@dataclass(frozen=True)
class SourceChallenge:
    file: str
    title: str
    description: str
    who: str
    promotion_label: str
    body: str
    beta_product_url: str


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
class Corrections:
    promotions: dict[str, PromotionReference]
    administrations: list[AdministrationReference]
    unclear: dict[str, str]


def clean_text(value: Any) -> str:
    """A source string with its spaces collapsed and trimmed (``None`` gives "")."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def spelling_key(value: str) -> str:
    """The comparison key of a name: no case, accents, apostrophe variants, spacing or
    trailing punctuation, so that "Cour de Cassation" and "Cour de cassation " meet."""
    text = clean_text(value).replace("’", "'").replace("‘", "'").rstrip(_TRAILING_PUNCTUATION)
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
    """The Markdown body without the website's Hugo shortcodes (videos and the like)."""
    without = _SHORTCODE.sub("", body)
    return re.sub(r"\n{3,}", "\n\n", without).strip()


def _content_files(root: Path, folder: str) -> list[Path]:
    directory = root / folder
    if not directory.is_dir():
        raise DomainError(f"Dossier introuvable : {directory}.")
    return sorted(path for path in directory.glob("*.md") if path.name != SECTION_PAGE)


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
    return Corrections(promotions=promotions, administrations=administrations, unclear=unclear)


# --- Promotions -----------------------------------------------------------------------


def _promotion_get_or_create(
    *, programme: Programme, reference: PromotionReference, parent: Promotion | None
) -> tuple[Promotion, bool]:
    if parent is None:
        existing = Promotion.objects.filter(
            programme=programme, number=reference.number, parent__isnull=True
        ).first()
    else:
        existing = Promotion.objects.filter(parent=parent, label__iexact=reference.label).first()
    if existing is not None:
        return existing, False
    promotion = Promotion(
        programme=programme,
        number=reference.number,
        year=reference.year,
        label=reference.label,
        parent=parent,
    )
    promotion.full_clean()
    promotion.save()
    return promotion, True


def promotions_import(
    *, programme: Programme, corrections: Corrections, report: ImportReport
) -> dict[str, Promotion]:
    """The promotions of the reference by their source label; main ones first."""
    promotions: dict[str, Promotion] = {}
    ordered = sorted(
        corrections.promotions.items(), key=lambda item: bool(item[1].parent_source_label)
    )
    for source_label, reference in ordered:
        parent = None
        if reference.parent_source_label:
            parent = promotions.get(reference.parent_source_label)
            if parent is None:
                raise DomainError(
                    f"Corrections : la promotion principale « {reference.parent_source_label} » "
                    f"de « {source_label} » n’est pas décrite."
                )
        promotion, created = _promotion_get_or_create(
            programme=programme, reference=reference, parent=parent
        )
        if created:
            report.promotions.created += 1
        else:
            report.promotions.unchanged += 1
        promotions[source_label] = promotion
    return promotions


# --- Administrations ------------------------------------------------------------------


@dataclass
class _Administration:
    name: str
    acronym: str = ""
    spellings: list[str] = field(default_factory=list)


def group_spellings(
    spellings: Iterable[str], corrections: Corrections
) -> dict[str, _Administration]:
    """Each source spelling's canonical administration, keyed by the spelling's key.

    A spelling listed in the reference joins its entry; any other joins the spellings
    with the same key, named after the most frequent of them (then the first in order).
    """
    by_key: dict[str, _Administration] = {}
    for reference in corrections.administrations:
        administration = _Administration(name=reference.name, acronym=reference.acronym)
        for spelling in reference.spellings:
            by_key[spelling_key(spelling)] = administration
    counts = Counter(spellings)
    unlisted: dict[str, list[str]] = {}
    for spelling in sorted(counts, key=lambda text: (-counts[text], text)):
        key = spelling_key(spelling)
        if key in by_key:
            by_key[key].spellings.append(spelling)
        else:
            unlisted.setdefault(key, []).append(spelling)
    for key, group in unlisted.items():
        name = group[0].rstrip(_TRAILING_PUNCTUATION)
        by_key[key] = _Administration(name=name, spellings=group)
    return by_key


def _organisation_get_or_create(administration: _Administration) -> tuple[Organisation, bool]:
    existing = Organisation.objects.filter(name__iexact=administration.name).first()
    if existing is None and administration.acronym:
        existing = Organisation.objects.filter(acronym__iexact=administration.acronym).first()
    if existing is not None:
        return existing, False
    organisation = Organisation(
        kind="", name=administration.name, acronym=administration.acronym, siret=None
    )
    organisation.full_clean()
    organisation.save()
    return organisation, True


def administrations_import(
    *, challenges: list[SourceChallenge], corrections: Corrections, report: ImportReport
) -> dict[str, Organisation]:
    """The organisation of each défi's ``who``, by the spelling's key."""
    groups = group_spellings((challenge.who for challenge in challenges), corrections)
    organisations: dict[int, Organisation] = {}
    by_key: dict[str, Organisation] = {}
    for key, administration in groups.items():
        if not administration.spellings:
            continue  # a reference entry the source does not use (any more)
        if id(administration) not in organisations:
            organisation, created = _organisation_get_or_create(administration)
            organisations[id(administration)] = organisation
            if created:
                report.administrations.created += 1
            else:
                report.administrations.unchanged += 1
        by_key[key] = organisations[id(administration)]
    for administration in {id(group): group for group in groups.values()}.values():
        for spelling in administration.spellings:
            if spelling_key(spelling) != spelling_key(administration.name):
                report.merged_spellings.append(MergedSpelling(spelling, administration.name))
    _report_unclear(challenges, corrections, report)
    return by_key


def _report_unclear(
    challenges: list[SourceChallenge], corrections: Corrections, report: ImportReport
) -> None:
    for challenge in challenges:
        reason = corrections.unclear.get(spelling_key(challenge.who))
        if reason is not None:
            report.unclear_administrations.append(
                UnresolvedLink(
                    file=f"{CHALLENGES_FOLDER}/{challenge.file}", value=challenge.who, reason=reason
                )
            )


# --- Défis ----------------------------------------------------------------------------


def challenge_source_ref(file: str) -> str:
    return f"{SOURCE_PREFIX}{CHALLENGES_FOLDER}/{file}"


def participant_source_ref(file: str) -> str:
    return f"{SOURCE_PREFIX}{PEOPLE_FOLDER}/{file}"


def _challenge_fields(
    source: SourceChallenge, organisation: Organisation, promotion: Promotion
) -> dict[str, Any]:
    """The fields that come from the source: the only ones the import compares and sets."""
    return {
        "title": source.title,
        "public_summary": source.description,
        "public_description": source.body,
        "organisation": organisation,
        "promotion": promotion,
        "beta_product_url": source.beta_product_url,
    }


def _challenge_import_one(
    *, source: SourceChallenge, fields: dict[str, Any], existing: Challenge | None
) -> tuple[Challenge, str]:
    if existing is None:
        challenge = Challenge(
            source_ref=challenge_source_ref(source.file),
            status=ChallengeStatus.COMPLETED,
            round=None,
            **fields,
        )
        challenge.full_clean()
        challenge.save()
        event_record(
            subject=challenge,
            by=None,
            action=ACTION_IMPORTED,
            to_status=ChallengeStatus.COMPLETED,
            comment=f"Importé de l’historique du programme ({challenge.source_ref}).",
        )
        return challenge, "created"
    changes = changed_fields(existing, fields)
    if not changes:
        return existing, "unchanged"
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.full_clean()
    existing.save(update_fields=[*fields, "updated_at"])
    event_record(
        subject=existing,
        by=None,
        action=ACTION_IMPORT_UPDATED,
        comment=f"Mis à jour depuis l’historique du programme ({existing.source_ref}).",
        changes=changes,
    )
    return existing, "updated"


def challenges_import(
    *,
    challenges: list[SourceChallenge],
    organisations: dict[str, Organisation],
    promotions: dict[str, Promotion],
    report: ImportReport,
) -> dict[str, Challenge]:
    """The défis by their title."""
    existing = {
        challenge.source_ref: challenge
        for challenge in Challenge.objects.filter(source_ref__startswith=SOURCE_PREFIX)
    }
    by_title: dict[str, Challenge] = {}
    for source in challenges:
        promotion = promotions.get(source.promotion_label)
        if promotion is None:
            raise DomainError(
                f"{CHALLENGES_FOLDER}/{source.file} : promotion « {source.promotion_label} » "
                "absente du fichier de corrections."
            )
        fields = _challenge_fields(source, organisations[spelling_key(source.who)], promotion)
        challenge, outcome = _challenge_import_one(
            source=source, fields=fields, existing=existing.get(challenge_source_ref(source.file))
        )
        tally = report.challenges
        setattr(tally, outcome, getattr(tally, outcome) + 1)
        by_title[source.title] = challenge
    return by_title


# --- People ---------------------------------------------------------------------------


def _resolve_titles(
    person: SourcePerson,
    challenges: dict[str, Challenge],
    by_key: dict[str, Challenge],
    report: ImportReport,
) -> list[Challenge]:
    """The défis a person's ``defis`` names: exact title, then the title's key."""
    file = f"{PEOPLE_FOLDER}/{person.file}"
    resolved = []
    for title in person.challenge_titles:
        challenge = challenges.get(title)
        if challenge is None:
            challenge = by_key.get(spelling_key(title))
            if challenge is not None:
                report.normalised_links.append(
                    UnresolvedLink(
                        file=file, value=title, reason=f"rapproché de « {challenge.title} »"
                    )
                )
        if challenge is None:
            report.unresolved_links.append(
                UnresolvedLink(
                    file=file,
                    value=title,
                    reason=_unresolved_reason(person, "aucun défi ne porte ce titre"),
                )
            )
            continue
        resolved.append(challenge)
    return resolved


def _resolve_promotions(
    person: SourcePerson, promotions: dict[str, Promotion], report: ImportReport
) -> list[Promotion]:
    resolved = []
    for label in person.promotion_labels:
        promotion = promotions.get(label)
        if promotion is None:
            report.unresolved_links.append(
                UnresolvedLink(
                    file=f"{PEOPLE_FOLDER}/{person.file}",
                    value=label,
                    reason=_unresolved_reason(
                        person, "promotion inconnue du fichier de corrections"
                    ),
                )
            )
            continue
        resolved.append(promotion)
    return resolved


def _unresolved_reason(person: SourcePerson, reason: str) -> str:
    if person.role == PARTICIPANT_ROLE:
        return reason
    return f"{reason} (rôle « {person.role or 'non précisé'} », personne non importée)"


def _participant_import_one(
    *,
    person: SourcePerson,
    existing: HistoricalParticipant | None,
    promotions: list[Promotion],
    challenges: list[Challenge],
) -> str:
    fields = {"job": person.job, "expertises": person.expertises}
    promotion_ids = {promotion.pk for promotion in promotions}
    challenge_ids = {challenge.pk for challenge in challenges}
    if existing is None:
        participant = HistoricalParticipant(
            source_ref=participant_source_ref(person.file), **fields
        )
        participant.full_clean()
        participant.save()
        participant.promotions.set(promotion_ids)
        participant.challenges.set(challenge_ids)
        return "created"
    outcome = "unchanged"
    if changed_fields(existing, fields):
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.full_clean()
        existing.save(update_fields=list(fields))
        outcome = "updated"
    if {promotion.pk for promotion in existing.promotions.all()} != promotion_ids:
        existing.promotions.set(promotion_ids)
        outcome = "updated"
    if {challenge.pk for challenge in existing.challenges.all()} != challenge_ids:
        existing.challenges.set(challenge_ids)
        outcome = "updated"
    return outcome


def participants_import(
    *,
    people: list[SourcePerson],
    challenges: dict[str, Challenge],
    promotions: dict[str, Promotion],
    report: ImportReport,
) -> None:
    """The EIGs (``role: participant``); the other people's links are only checked."""
    existing = {
        participant.source_ref: participant
        for participant in HistoricalParticipant.objects.prefetch_related(
            "promotions", "challenges"
        )
    }
    by_key = {spelling_key(title): challenge for title, challenge in challenges.items()}
    skipped: Counter[str] = Counter()
    linked: set[int] = set()
    for person in people:
        linked_challenges = _resolve_titles(person, challenges, by_key, report)
        linked_promotions = _resolve_promotions(person, promotions, report)
        if person.role != PARTICIPANT_ROLE:
            skipped[person.role or "non précisé"] += 1
            continue
        outcome = _participant_import_one(
            person=person,
            existing=existing.get(participant_source_ref(person.file)),
            promotions=linked_promotions,
            challenges=linked_challenges,
        )
        setattr(report.participants, outcome, getattr(report.participants, outcome) + 1)
        linked.update(challenge.pk for challenge in linked_challenges)
    report.skipped_by_role = dict(sorted(skipped.items()))
    report.challenges_without_participants = sorted(
        title for title, challenge in challenges.items() if challenge.pk not in linked
    )


# --- The whole import -----------------------------------------------------------------


def history_import(
    *, path: Path, corrections_path: Path = DEFAULT_CORRECTIONS, dry_run: bool = False
) -> ImportReport:
    """Import the history found at ``path`` in one transaction (rolled back if ``dry_run``)."""
    corrections = read_corrections(corrections_path)
    source_challenges = read_challenges(path)
    people = read_people(path)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        programme = current_programme()
        if programme is None:
            raise DomainError("Le programme EIG n’existe pas : appliquez d’abord les migrations.")
        promotions = promotions_import(programme=programme, corrections=corrections, report=report)
        organisations = administrations_import(
            challenges=source_challenges, corrections=corrections, report=report
        )
        challenges = challenges_import(
            challenges=source_challenges,
            organisations=organisations,
            promotions=promotions,
            report=report,
        )
        participants_import(
            people=people, challenges=challenges, promotions=promotions, report=report
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
