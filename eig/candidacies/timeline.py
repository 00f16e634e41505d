"""An application's history and next step, told to the candidate in plain French.

The candidate reads what happened to their application, when and by whom ("vous",
"l’équipe du programme"), and what comes next given its status and the round's dates.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.accounts.enums import Role
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction

# The only events the candidate reads, each told in a sentence addressed to them (the
# actions' labels, in eig.core.history_actions, are the programme team's wording): the
# team's working steps on an application (screening decisions before they are
# published, reviewers assigned...) stay out of the candidate's history.
CANDIDATE_SENTENCES = {
    HistoryAction.CANDIDACY_CREATED: gettext_lazy(
        "Votre candidature a été commencée, en brouillon."
    ),
    HistoryAction.CANDIDACY_UPDATED: gettext_lazy("Votre candidature a été modifiée."),
    HistoryAction.CANDIDACY_SUBMITTED: gettext_lazy("Votre candidature a été déposée."),
    HistoryAction.CANDIDACY_WITHDRAWN: gettext_lazy("Votre candidature a été retirée."),
    HistoryAction.DECISION_PUBLISHED: gettext_lazy(
        "La décision du comité de sélection est publiée : « %s »."
    ),
    HistoryAction.CANDIDACY_HIRED: gettext_lazy(
        "Vous avez accepté une offre : vous êtes recruté·e."
    ),
}
CHANGE_LABELS = {
    "motivation": gettext_lazy("la motivation"),
    "vœux": gettext_lazy("les vœux"),
}


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime
    label: str
    actor: str
    details: str = ""
    comment: str = ""


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str


def _actor(event_actor: Any, viewer: Any) -> str:
    if event_actor is None:
        return _("automatiquement")
    if event_actor.pk == getattr(viewer, "pk", None):
        return _("par vous")
    if event_actor.role == Role.STAFF:
        return _("par l’équipe du programme")
    return _("par %(name)s") % {"name": event_actor}


def _details(action: str, changes: dict[str, Any]) -> str:
    if action != HistoryAction.CANDIDACY_UPDATED or not changes:
        return ""
    # In a fixed order: PostgreSQL's jsonb does not keep the keys' order.
    names = [str(label) for key, label in CHANGE_LABELS.items() if key in changes]
    names += sorted(name for name in changes if name not in CHANGE_LABELS)
    return _("Ce qui a changé : %(fields)s.") % {"fields": ", ".join(names)}


def _label(action: str, to_status: str) -> str:
    label = str(CANDIDATE_SENTENCES[HistoryAction(action)])
    if "%s" in label:
        status = CandidacyStatus(to_status).label if to_status in CandidacyStatus else to_status
        return label % status
    return label


def candidacy_timeline(candidacy: Candidacy, *, viewer: Any) -> list[TimelineItem]:
    """The application's history as its candidate may read it, newest first (one query)."""
    events = event_list_for(candidacy).filter(action__in=CANDIDATE_SENTENCES)
    items = [
        TimelineItem(
            at=event.created_at,
            label=_label(event.action, event.to_status),
            actor=_actor(event.actor, viewer),
            details=_details(event.action, event.changes),
            comment=event.comment,
        )
        for event in events.order_by("created_at", "pk")
    ]
    return items[::-1]


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def next_step(candidacy: Candidacy, today: datetime.date) -> NextStep | None:
    """What comes next for this application, given its status and the round's dates."""
    round_ = candidacy.round
    is_open = round_.is_open_for_applications(today)
    dates = {
        "deadline": _day(round_.application_deadline),
        "committee": _day(round_.committee_on),
        "start": _day(round_.starts_on),
    }
    if candidacy.status == CandidacyStatus.DRAFT and is_open:
        return NextStep(
            _("À faire : déposer votre candidature"),
            _(
                "Votre candidature est un brouillon : l’équipe du programme ne la voit pas "
                "encore. Complétez-la puis déposez-la avant le %(deadline)s au soir."
            )
            % dates,
        )
    if candidacy.status == CandidacyStatus.DRAFT:
        return NextStep(
            _("La date limite est passée"),
            _(
                "Cette candidature n’a pas été déposée avant le %(deadline)s : elle ne sera "
                "pas examinée. Vous pourrez candidater lors d’une prochaine session."
            )
            % dates,
        )
    if candidacy.status == CandidacyStatus.SUBMITTED and is_open:
        return NextStep(
            _("Et maintenant ?"),
            _(
                "Votre candidature est déposée. Vous pouvez encore la modifier jusqu’au "
                "%(deadline)s. Ensuite, l’équipe du programme examine les candidatures ; le "
                "comité de sélection se tient le %(committee)s, pour une prise de poste le "
                "%(start)s. Vous serez prévenu·e par e-mail à chaque étape."
            )
            % dates,
        )
    if candidacy.status == CandidacyStatus.SUBMITTED:
        return NextStep(
            _("Et maintenant ?"),
            _(
                "La date limite est passée : votre candidature n’est plus modifiable. "
                "L’équipe du programme l’examine ; le comité de sélection se tient le "
                "%(committee)s. Vous serez prévenu·e par e-mail à chaque étape."
            )
            % dates,
        )
    return _after_decision(candidacy)


AFTER_DECISION = {
    CandidacyStatus.WITHDRAWN: (
        gettext_lazy("Candidature retirée"),
        gettext_lazy(
            "Elle ne sera pas examinée. Votre profil reste enregistré : vous pourrez "
            "candidater lors d’une prochaine session."
        ),
    ),
    CandidacyStatus.INELIGIBLE: (
        gettext_lazy("Candidature non recevable"),
        gettext_lazy(
            "Elle ne remplit pas les conditions du programme ; la raison vous a été envoyée "
            "par e-mail. Vous pourrez candidater lors d’une prochaine session."
        ),
    ),
    CandidacyStatus.NOT_RETAINED: (
        gettext_lazy("Candidature non retenue"),
        gettext_lazy(
            "Le comité de sélection ne l’a pas retenue pour cette session. Vous pourrez "
            "candidater de nouveau lors d’une prochaine session."
        ),
    ),
    CandidacyStatus.POOL: (
        gettext_lazy("Vous êtes retenu·e dans le vivier"),
        gettext_lazy(
            "L’équipe du programme vous propose aux défis qui vous correspondent ; chaque "
            "administration intéressée vous invite à un entretien. Vous serez prévenu·e par "
            "e-mail à chaque étape."
        ),
    ),
    CandidacyStatus.HIRED: (
        gettext_lazy("Vous êtes recruté·e"),
        gettext_lazy(
            "Bienvenue dans le programme ! Votre offre et votre contrat sont dans votre espace."
        ),
    ),
}


def _after_decision(candidacy: Candidacy) -> NextStep | None:
    if candidacy.status not in AFTER_DECISION:
        return None
    title, text = AFTER_DECISION[CandidacyStatus(candidacy.status)]
    return NextStep(str(title), str(text))
