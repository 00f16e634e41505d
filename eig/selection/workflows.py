"""The selection's workflows, declared once: a review, an interview, a proposal to a défi,
and a matching run. Services apply them with core.workflow.transition_apply (or
transition_apply_many)."""

from typing import Any

from eig.accounts.enums import Role
from eig.core.history_actions import HistoryAction as A
from eig.core.workflow import Transition, Workflow, register
from eig.selection.enums import InterviewStatus, MatchingRunStatus, ReviewStage
from eig.selection.enums import ProposalStatus as P
from eig.selection.enums import ReviewStatus as R

AGENT = (Role.AGENT,)
STAFF = (Role.STAFF,)
# Who reviews a file or sits on a programme interview's jury.
REVIEWERS = (Role.REVIEWER, Role.STAFF)


def _file_review(review: Any) -> str | None:
    return None if review.stage == ReviewStage.FILE else "Ce n’est pas l’évaluation d’un dossier."


def _interview_review(review: Any) -> str | None:
    return (
        None
        if review.stage == ReviewStage.INTERVIEW
        else "Ce n’est pas l’évaluation d’un entretien."
    )


# A review is created when its reviewer is assigned (by hand or by the planned
# assignment, eig/selection/services/reviews.py; for each interviewer when a programme
# interview is planned, eig/selection/services/interviews.py). Until it is submitted it
# may be withdrawn: staff unassign the reviewer, or the reviewer declares a conflict of
# interest; the row is then deleted and the application's history says so. Submitted,
# it never changes again.
REVIEW_WORKFLOW = register(
    "review",
    "Évaluation (d’un dossier ou d’un entretien)",
    Workflow(
        status_field="status",
        transitions=(
            # By its reviewer (eig/selection/services/reviews.py)
            Transition(
                "save_draft",
                (R.ASSIGNED,),
                R.ASSIGNED,
                "Enregistrer le brouillon de l’évaluation du dossier",
                REVIEWERS,
                guard=_file_review,
                action=A.REVIEW_DRAFT_SAVED,
            ),
            Transition(
                "submit",
                (R.ASSIGNED,),
                R.SUBMITTED,
                "Rendre l’évaluation du dossier",
                REVIEWERS,
                guard=_file_review,
                action=A.REVIEW_SUBMITTED,
            ),
            # By an interviewer (eig/selection/services/interviews.py)
            Transition(
                "interview_submit",
                (R.ASSIGNED,),
                R.SUBMITTED,
                "Rendre l’évaluation de l’entretien",
                REVIEWERS,
                guard=_interview_review,
                action=A.INTERVIEW_REVIEW_SUBMITTED,
            ),
        ),
    ),
    R,
)
# The reviews that may still be withdrawn.
REVIEW_WITHDRAWABLE = (R.ASSIGNED,)

# An interview is created planned (eig/selection/services/interviews.py, which records
# « interview_scheduled »); the programme team moves or cancels it.
INTERVIEW_WORKFLOW = register(
    "interview",
    "Entretien (avec le programme, ou conjoint avec l’administration)",
    Workflow(
        status_field="status",
        transitions=(
            Transition(
                "reschedule",
                (InterviewStatus.SCHEDULED,),
                InterviewStatus.SCHEDULED,
                "Modifier l’entretien (date, durée, lieu, lien)",
                STAFF,
                action=A.INTERVIEW_RESCHEDULED,
            ),
            Transition(
                "cancel",
                (InterviewStatus.SCHEDULED,),
                InterviewStatus.CANCELLED,
                "Annuler l’entretien",
                STAFF,
                action=A.INTERVIEW_CANCELLED,
            ),
        ),
    ),
    InterviewStatus,
)
# The jury gives its opinion once it met the candidate, and may change it until the
# matching is published.
JURY_OPINION_SOURCES = (P.INTERVIEW, P.RETAINED, P.NOT_RETAINED)
# The proposals a matching run places (or not), as the rankings listed them.
RANKABLE_SOURCES = (P.INTERVIEW, P.RETAINED)

PROPOSAL_WORKFLOW = register(
    "proposal",
    "Proposition d’une personne du vivier à un défi",
    Workflow(
        status_field="status",
        transitions=(
            # By the programme team (eig/selection/services/interviews.py)
            Transition(
                "interview_schedule",
                (P.PROPOSED,),
                P.INTERVIEW,
                "Programmer l’entretien conjoint",
                STAFF,
                action=A.PROPOSAL_INTERVIEW_SCHEDULED,
            ),
            Transition(
                "interview_cancel",
                (P.INTERVIEW,),
                P.PROPOSED,
                "Annuler l’entretien conjoint",
                STAFF,
                action=A.PROPOSAL_INTERVIEW_CANCELLED,
            ),
            # By the défi's jury (eig/selection/services/proposals.py)
            Transition(
                "retain",
                JURY_OPINION_SOURCES,
                P.RETAINED,
                "Retenir la personne (avis du jury)",
                AGENT,
                action=A.PROPOSAL_OPINION_GIVEN,
            ),
            Transition(
                "not_retain",
                JURY_OPINION_SOURCES,
                P.NOT_RETAINED,
                "Ne pas retenir la personne (avis du jury)",
                AGENT,
                action=A.PROPOSAL_OPINION_GIVEN,
            ),
            # By the programme team, when it publishes the matching
            # (eig/selection/services/matching.py)
            Transition(
                "match",
                RANKABLE_SOURCES,
                P.MATCHED,
                "Publier l’appariement : affectée",
                STAFF,
                action=A.MATCHING_OUTCOME_RECORDED,
            ),
            Transition(
                "not_match",
                RANKABLE_SOURCES,
                P.NOT_MATCHED,
                "Publier l’appariement : non affectée",
                STAFF,
                action=A.MATCHING_OUTCOME_RECORDED,
            ),
        ),
    ),
    P,
)

MATCHING_RUN_WORKFLOW = register(
    "matching_run",
    "Appariement",
    Workflow(
        status_field="status",
        transitions=(
            Transition(
                name="matching_publish",
                sources=(MatchingRunStatus.COMPUTED,),
                target=MatchingRunStatus.PUBLISHED,
                label="Publier l’appariement",
                roles=STAFF,
                action=A.MATCHING_PUBLISHED,
            ),
        ),
    ),
    MatchingRunStatus,
)
