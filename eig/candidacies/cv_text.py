"""The CV as blind reviewers read it: its text, without what names the person.

In a round with anonymous file review (``Round.anonymous_file_review``) the PDF itself
is withheld: its name, photo, contact details and links would identify the person. So
that "Cohérence du profil" is not scored without the career it describes, reviewers
read the CV's text instead, extracted in the background when the file is uploaded
(job ``candidacies.cv_text_prepare``), with the person's name, e-mail addresses, phone
numbers, links and ventures' names replaced by a mark such as « [nom masqué] ».

Only the redacted text is stored; the page redacts it again with the profile's current
values (``redact_for``), so a name or venture added after the upload is masked too.
A scanned PDF has no text to extract: the page then says why the CV is withheld.

Matching ignores case and accents (« Hélène », « HELENE », « helene »), and the text is
normalised first (NFKC), so decomposed accents and ligatures in PDF text match too.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.db import transaction
from pypdf import PdfReader

from eig.accounts.models import User
from eig.candidacies.enums import CvTextStatus
from eig.candidacies.models import Candidate
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction

REDACTED_NAME = "[nom masqué]"
REDACTED_EMAIL = "[adresse e-mail masquée]"
REDACTED_PHONE = "[téléphone masqué]"
REDACTED_LINK = "[lien masqué]"
REDACTED_VENTURE = "[entreprise masquée]"

# A CV longer than this is cut: reviewers read a career, not a book.
MAX_PAGES = 20
MAX_CHARACTERS = 30_000
# Fewer letters than this and the PDF is taken for a scan (an image of text).
MIN_LETTERS = 20

# Parts of a name too common in French text to be masked on their own (« de », « la »);
# the full name, written whole, is masked with them.
NAME_PARTICLES = frozenset(
    {"d", "da", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "e", "el"}
    | {"l", "la", "le", "les", "of", "san", "st", "ste", "ten", "ter", "van", "von", "y", "zu"}
)
MIN_PART_LENGTH = 2
# A link's last segment (« linkedin.com/in/zoe-vasseur ») is a handle worth masking alone.
MIN_HANDLE_LENGTH = 3
# Digits of a known phone number matched whatever the prefix (+33, 0033, 0): the last nine.
PHONE_SIGNIFICANT_DIGITS = 9
MIN_PHONE_DIGITS = 6

NAME_SEPARATORS = re.compile(r"[\s\-‐‑–'’]+")
PHONE_SEPARATORS = r"[\s.\-/()]*"

EMAIL_PATTERN = r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"
URL_PATTERN = (
    r"(?:https?|ftp)://\S+"
    r"|www\.\S+"
    # A bare domain: the usual endings only, so that « Node.js » stays.
    r"|(?<![\w@.-])(?:[\w-]+\.)+(?:com|fr|io|org|net|dev|me|eu|co|app|tech|info|xyz|ai|so"
    r"|page|site|online|be|ch|ca|uk|de|gouv\.fr)\b(?:/\S*)?"
)
PHONE_PATTERN = (
    # International: +33 6 12 34 56 78, 0033 (0)6 12…, +1 415 555 0100.
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.\-/]?\(0\))?(?:[\s.\-/]?\d){6,12}(?!\d)"
    # French national: 06 12 34 56 78, 06.12.34.56.78, 0612345678.
    r"|(?<![\d+])0[1-9](?:[\s.\-/]?\d{2}){4}(?!\d)"
)


def _base(char: str) -> str:
    return unicodedata.normalize("NFKD", char)[0].casefold()


def _variants_by_base() -> dict[str, str]:
    """Every Latin letter, grouped by its letter without accent: {"e": "eéèêëEÉÈÊË…"}."""
    groups: dict[str, str] = {}
    for code in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        if char.isalpha():
            groups[_base(char)] = groups.get(_base(char), "") + char
    return groups


VARIANTS = _variants_by_base()


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _loose(value: str) -> str:
    """A pattern matching ``value`` whatever its case, accents and inner spacing."""
    pattern = []
    for char in normalise(value).strip():
        if char.isspace():
            pattern.append(r"\s+")
        elif char in "-‐‑–":
            pattern.append(r"[\s\-‐‑–]?")
        elif char in "'’":
            pattern.append(r"['’]\s?")
        elif char.isalpha():
            variants = VARIANTS.get(_base(char), char)
            pattern.append(f"[{re.escape(variants + char)}]")
        else:
            pattern.append(re.escape(char))
    return "".join(pattern)


def _word(value: str) -> str:
    """``value`` as a whole word (not inside « Dupontel » when the name is Dupont)."""
    start = r"(?<!\w)" if value[:1].isalnum() else ""
    end = r"(?!\w)" if value[-1:].isalnum() else ""
    return f"{start}{_loose(value)}{end}"


@dataclass(frozen=True)
class KnownValues:
    """What the profile knows about the person, to mask wherever the CV writes it."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    ventures: tuple[str, ...] = ()


def name_parts(names: Iterable[str]) -> list[str]:
    """The names whole and each of their parts but particles: « Jean-Pierre de La Tour »
    gives itself, « Jean-Pierre », « Jean », « Pierre », « Tour »."""
    found: set[str] = set()
    for name in names:
        name = normalise(name).strip()
        if not name:
            continue
        found.add(name)
        found.update(word for word in name.split() if len(word) >= MIN_PART_LENGTH)
        found.update(
            part
            for part in NAME_SEPARATORS.split(name)
            if len(part) >= MIN_PART_LENGTH and part.casefold() not in NAME_PARTICLES
        )
    return [
        part
        for part in found
        if part.casefold() not in NAME_PARTICLES and any(c.isalnum() for c in part)
    ]


def _link_forms(link: str) -> tuple[list[str], str]:
    """A link as a CV may write it (whole, without scheme or « www. »), and its handle."""
    link = link.strip()
    bare = re.sub(r"^[a-z]+://", "", link, flags=re.IGNORECASE)
    bare = re.sub(r"^www\.", "", bare, flags=re.IGNORECASE).rstrip("/")
    segments = [segment for segment in bare.split("/")[1:] if segment]
    handle = segments[-1].split("?")[0] if segments else ""
    if len(handle) < MIN_HANDLE_LENGTH or not re.search(r"[^\W\d_]", handle):
        handle = ""
    return [form for form in (link, bare) if form], handle


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)[-PHONE_SIGNIFICANT_DIGITS:]
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return r"(?<!\d)" + PHONE_SEPARATORS.join(digits) + r"(?!\d)"


def _alternatives(values: Iterable[str], *, word: bool = True) -> list[str]:
    unique = {normalise(v).strip() for v in values if v and v.strip()}
    # Longest first: the full name before its parts, a link before its handle.
    return [(_word(v) if word else _loose(v)) for v in sorted(unique, key=lambda v: -len(v))]


def _pattern(known: KnownValues) -> re.Pattern[str]:
    links = [_link_forms(link) for link in known.links if link]
    phones = [p for p in (_phone_pattern(phone) for phone in known.phones) if p]
    # At one place in the text the first group that matches wins: written-out addresses
    # and links first, so that a name inside them is masked with them; a link's handle
    # last, so that « Zoé Vasseur » is a name even when « zoe-vasseur » is a handle.
    groups = {
        "email": [*_alternatives(known.emails, word=False), EMAIL_PATTERN],
        "link": [*_alternatives(form for forms, _ in links for form in forms), URL_PATTERN],
        "phone": [PHONE_PATTERN, *phones],
        "venture": _alternatives(known.ventures),
        "name": _alternatives(name_parts(known.names)),
        "handle": _alternatives(handle for _, handle in links),
    }
    return re.compile(
        "|".join(
            f"(?P<{group}>{'|'.join(patterns)})" for group, patterns in groups.items() if patterns
        ),
        re.IGNORECASE,
    )


MARKS = {
    "email": REDACTED_EMAIL,
    "link": REDACTED_LINK,
    "phone": REDACTED_PHONE,
    "venture": REDACTED_VENTURE,
    "name": REDACTED_NAME,
    "handle": REDACTED_LINK,
}


def redact(text: str, known: KnownValues) -> str:
    """``text`` with the person's name, e-mails, phones, links and ventures masked."""
    pattern = _pattern(known)
    return pattern.sub(lambda match: MARKS[match.lastgroup or "name"], normalise(text))


def known_values_of(
    candidate: Candidate, *, venture_names: Iterable[str] | None = None
) -> KnownValues:
    """``venture_names``: the ventures' names when the caller already has them."""
    user = candidate.user
    if venture_names is None:
        venture_names = candidate.ventures.values_list("name", flat=True)
    return KnownValues(
        names=(user.first_name, user.last_name, user.full_name),
        emails=(user.email,),
        phones=(candidate.phone,),
        links=(candidate.portfolio_url, candidate.code_url, candidate.professional_url),
        ventures=tuple(venture_names),
    )


def redact_for(candidate: Candidate, text: str) -> str:
    return redact(text, known_values_of(candidate)) if text else text


# Extraction


def pdf_text(file: IO[bytes]) -> str:
    """The text of the PDF's first pages, tidied; pypdf's errors propagate."""
    reader = PdfReader(file)
    pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text[:MAX_CHARACTERS]


def _extracted(candidate: Candidate) -> tuple[str, str]:
    """(status, redacted text) of the candidate's CV. Reading the storage may raise:
    the job is then retried; a file pypdf cannot read is marked failed."""
    with candidate.cv.open("rb") as file:
        try:
            raw = pdf_text(file)
        except Exception:  # pypdf raises many kinds of errors on a damaged file
            return CvTextStatus.FAILED, ""
    if sum(char.isalpha() for char in raw) < MIN_LETTERS:
        return CvTextStatus.NO_TEXT, ""
    return CvTextStatus.READY, redact_for(candidate, raw)


def cv_text_prepare(*, candidate_id: int, cv_name: str, by: User | None = None) -> str:
    """Extract and store the redacted text of the CV ``cv_name``. Does nothing when the
    CV was replaced or erased meanwhile (the new upload queued its own job). Returns the
    status stored, or "" when nothing was done."""
    candidate = Candidate.objects.select_related("user").filter(pk=candidate_id, cv=cv_name).first()
    if candidate is None or not cv_name:
        return ""
    # Read outside the transaction: a long PDF must not hold the profile's lock.
    status, text = _extracted(candidate)
    with transaction.atomic():
        locked = (
            Candidate.objects.select_for_update(of=("self",))
            .filter(pk=candidate_id, cv=cv_name)
            .first()
        )
        if locked is None:
            return ""
        locked.cv_text, locked.cv_text_status = text, status
        locked.save(update_fields=["cv_text", "cv_text_status", "updated_at"])
        event_record(
            subject=locked,
            by=by,
            action=HistoryAction.CV_TEXT_PREPARED,
            changes={"état": str(status)},
        )
    return str(status)
