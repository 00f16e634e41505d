"""What the import of the programme's history did, for the person who runs it."""

from dataclasses import dataclass, field

# The figures of the programme's press material, which the source does not match.
PUBLISHED_FIGURES = "101 défis et 206 EIG sur six promotions"


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


@dataclass(frozen=True)
class PersonalDataRemoval:
    """One removal from a public text: where, what kind, and what replaced it (never
    the removed text itself: the report must not spread it either)."""

    file: str
    kind: str
    replacement: str = ""


EMAIL_REMOVED = "adresse électronique"


@dataclass
class ImportReport:
    """What the import did and what it could not do, printed by the command."""

    dry_run: bool = False
    promotions: Tally = field(default_factory=Tally)
    administrations: Tally = field(default_factory=Tally)
    challenges: Tally = field(default_factory=Tally)
    participants: Tally = field(default_factory=Tally)
    merged_spellings: list[MergedSpelling] = field(default_factory=list)
    personal_data_removed: list[PersonalDataRemoval] = field(default_factory=list)
    # Défis the website hides (``visible: false``): not imported.
    hidden_challenges: list[str] = field(default_factory=list)
    # Défis sharing a title (or a title's key): people's links to it cannot be resolved.
    duplicate_titles: list[UnresolvedLink] = field(default_factory=list)
    unclear_administrations: list[UnresolvedLink] = field(default_factory=list)
    unresolved_links: list[UnresolvedLink] = field(default_factory=list)
    # Links resolved once the stray spaces, case or accents were set aside.
    normalised_links: list[UnresolvedLink] = field(default_factory=list)
    skipped_by_role: dict[str, int] = field(default_factory=dict)
    challenges_without_participants: list[str] = field(default_factory=list)
    published_figures: str = PUBLISHED_FIGURES
