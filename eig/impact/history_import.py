"""Import the programme's history from its website's content (``data/eig-site``).

The source is the website's own format: one Markdown file per défi (``defis/``) and per
person (``personnes/``, pseudonymised), each with YAML front matter. It is real and
untidy, so the import normalises what it safely can, applies the editorial reference
(``data/eig-site-corrections.yaml``: promotion years, administrations' spellings) and
reports everything else rather than guessing.

It creates the promotions, the administrations, the défis (status "terminé", outcome
unknown) and the EIGs as anonymous historical participants. A défi the website hides
(``visible: false``) is not imported. The public texts never publish a person: every
e-mail address is removed, and the names the editors found in the texts are replaced as
the corrections file's ``redactions`` say; the report lists each removal.

It is idempotent: records are keyed on ``source_ref`` ("eig-site:defis/a-just.md"),
only the fields that come from the source are compared and updated, and existing
promotions and administrations are reused, never changed. Everything runs in one
transaction, which first locks the programme's row: a second import started meanwhile
waits for the first to end.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.history import changed_fields, event_record, fields_update
from eig.core.history_actions import HistoryAction
from eig.impact.history_report import ImportReport, MergedSpelling, UnresolvedLink
from eig.impact.history_source import (
    CHALLENGES_FOLDER,
    DEFAULT_CORRECTIONS,
    PARTICIPANT_ROLE,
    PEOPLE_FOLDER,
    SOURCE_PREFIX,
    TRAILING_PUNCTUATION,
    Corrections,
    PromotionReference,
    SourceChallenge,
    SourcePerson,
    personal_data_remove,
    read_challenges,
    read_corrections,
    read_people,
    spelling_key,
)
from eig.impact.models import HistoricalParticipant
from eig.organisations.models import Organisation
from eig.programmes.models import Programme, Promotion
from eig.programmes.selectors import current_programme

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
        name = group[0].rstrip(TRAILING_PUNCTUATION)
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
    # Every source spelling that differs from the name used, were it only by case, accents
    # or an apostrophe (’ or '): the corrections file promises to show each merge.
    for administration in {id(group): group for group in groups.values()}.values():
        used = organisations.get(id(administration))
        if used is None:
            continue
        for spelling in administration.spellings:
            if spelling != used.name:
                report.merged_spellings.append(MergedSpelling(spelling, used.name))
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
            action=HistoryAction.IMPORTED,
            to_status=ChallengeStatus.COMPLETED,
            comment=f"Importé de l’historique du programme ({challenge.source_ref}).",
        )
        return challenge, "created"
    updated, changes = fields_update(
        instance=existing,
        data=fields,
        by=None,
        action=HistoryAction.IMPORT_UPDATED,
        lock=False,
        masked=TEXT_FIELDS,
        comment=f"Mis à jour depuis l’historique du programme ({existing.source_ref}).",
    )
    return updated, "updated" if changes else "unchanged"


@dataclass
class ChallengeIndex:
    """The imported défis, found by their exact title or their title's key."""

    challenges: list[Challenge] = field(default_factory=list)
    by_title: dict[str, list[Challenge]] = field(default_factory=dict)
    by_key: dict[str, list[Challenge]] = field(default_factory=dict)
    # The keys of the titles of the défis the website hides.
    hidden_keys: set[str] = field(default_factory=set)

    def add(self, challenge: Challenge) -> None:
        self.challenges.append(challenge)
        self.by_title.setdefault(challenge.title, []).append(challenge)
        self.by_key.setdefault(spelling_key(challenge.title), []).append(challenge)


def _source_file(challenge: Challenge) -> str:
    return (challenge.source_ref or "").removeprefix(SOURCE_PREFIX)


def _report_duplicate_titles(index: ChallengeIndex, report: ImportReport) -> None:
    for same in index.by_key.values():
        if len(same) < 2:
            continue
        files = ", ".join(_source_file(challenge) for challenge in same)
        for challenge in same:
            report.duplicate_titles.append(
                UnresolvedLink(
                    file=_source_file(challenge),
                    value=challenge.title,
                    reason=f"titre porté par plusieurs défis ({files}) : un lien qui ne "
                    "désigne pas l’un d’eux seul n’est pas résolu",
                )
            )


def challenges_import(
    *,
    challenges: list[SourceChallenge],
    organisations: dict[str, Organisation],
    promotions: dict[str, Promotion],
    report: ImportReport,
    hidden_keys: Iterable[str] = (),
) -> ChallengeIndex:
    """The imported défis, indexed by title (two défis may share one: it is reported);
    ``hidden_keys``, the title keys of the défis not imported, explain links to them."""
    existing = {
        challenge.source_ref: challenge
        for challenge in Challenge.objects.filter(source_ref__startswith=SOURCE_PREFIX)
    }
    index = ChallengeIndex(hidden_keys=set(hidden_keys))
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
        index.add(challenge)
    _report_duplicate_titles(index, report)
    return index


# --- People ---------------------------------------------------------------------------


def _resolve_title(title: str, index: ChallengeIndex) -> tuple[Challenge | None, str, bool]:
    """The défi a title names (exact title, then the title's key), else why not; and
    whether it took the key to find it."""
    exact = index.by_title.get(title, [])
    if len(exact) == 1:
        return exact[0], "", False
    if len(exact) > 1:
        return None, "plusieurs défis portent ce titre", False
    by_key = index.by_key.get(spelling_key(title), [])
    if len(by_key) == 1:
        return by_key[0], "", True
    if len(by_key) > 1:
        return None, "plusieurs défis portent ce titre", False
    if spelling_key(title) in index.hidden_keys:
        return None, "ce défi n’est pas publié (visible: false)", False
    return None, "aucun défi ne porte ce titre", False


def _resolve_titles(
    person: SourcePerson, index: ChallengeIndex, report: ImportReport
) -> list[Challenge]:
    """The défis a person's ``defis`` names."""
    file = f"{PEOPLE_FOLDER}/{person.file}"
    resolved = []
    for title in person.challenge_titles:
        challenge, reason, normalised = _resolve_title(title, index)
        if challenge is None:
            report.unresolved_links.append(
                UnresolvedLink(file=file, value=title, reason=_unresolved_reason(person, reason))
            )
            continue
        if normalised:
            report.normalised_links.append(
                UnresolvedLink(file=file, value=title, reason=f"rapproché de « {challenge.title} »")
            )
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
    challenges: ChallengeIndex,
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
    skipped: Counter[str] = Counter()
    linked: set[int] = set()
    for person in people:
        linked_challenges = _resolve_titles(person, challenges, report)
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
        challenge.title for challenge in challenges.challenges if challenge.pk not in linked
    )


# --- The whole import -----------------------------------------------------------------


def _programme_lock() -> Programme:
    """The programme, its row locked until the transaction ends: two imports at once run
    one after the other instead of racing to create the same records."""
    programme = current_programme()
    if programme is None:
        raise DomainError("Le programme EIG n’existe pas : appliquez d’abord les migrations.")
    return Programme.objects.select_for_update(of=("self",)).get(pk=programme.pk)


def history_import(
    *, path: Path, corrections_path: Path = DEFAULT_CORRECTIONS, dry_run: bool = False
) -> ImportReport:
    """Import the history found at ``path`` in one transaction (rolled back if ``dry_run``)."""
    corrections = read_corrections(corrections_path)
    report = ImportReport(dry_run=dry_run)
    source_challenges = []
    hidden_keys: set[str] = set()
    for source in read_challenges(path):
        if not source.visible:
            report.hidden_challenges.append(f"{CHALLENGES_FOLDER}/{source.file}")
            hidden_keys.add(spelling_key(source.title))
            continue
        redactions = corrections.redactions.get(source.file, [])
        source_challenges.append(personal_data_remove(source, redactions, report))
    people = read_people(path)
    with transaction.atomic():
        programme = _programme_lock()
        promotions = promotions_import(programme=programme, corrections=corrections, report=report)
        organisations = administrations_import(
            challenges=source_challenges, corrections=corrections, report=report
        )
        challenges = challenges_import(
            challenges=source_challenges,
            organisations=organisations,
            promotions=promotions,
            report=report,
            hidden_keys=hidden_keys,
        )
        participants_import(
            people=people, challenges=challenges, promotions=promotions, report=report
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


# Long texts are not copied into the history: an earlier import may have held what a
# redaction removed since (a name, an address), and the history must not keep it.
TEXT_FIELDS = frozenset({"public_summary", "public_description"})
