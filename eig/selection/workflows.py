"""The selection's workflows, declared once: a proposal to a défi, and a matching run.
Services apply them with core.workflow.transition_apply (or transition_apply_many)."""

from eig.accounts.enums import Role
from eig.core.workflow import Transition, Workflow, register
from eig.selection.enums import MatchingRunStatus
from eig.selection.enums import ProposalStatus as P

AGENT = (Role.AGENT,)
STAFF = (Role.STAFF,)
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
                action="proposal_interview",
            ),
            Transition(
                "interview_cancel",
                (P.INTERVIEW,),
                P.PROPOSED,
                "Annuler l’entretien conjoint",
                STAFF,
                action="proposal_interview_cancelled",
            ),
            # By the défi's jury (eig/selection/services/proposals.py)
            Transition(
                "retain",
                JURY_OPINION_SOURCES,
                P.RETAINED,
                "Retenir la personne (avis du jury)",
                AGENT,
                action="proposal_opinion",
            ),
            Transition(
                "not_retain",
                JURY_OPINION_SOURCES,
                P.NOT_RETAINED,
                "Ne pas retenir la personne (avis du jury)",
                AGENT,
                action="proposal_opinion",
            ),
            # By the programme team, when it publishes the matching
            # (eig/selection/services/matching.py)
            Transition(
                "match",
                RANKABLE_SOURCES,
                P.MATCHED,
                "Publier l’appariement : affectée",
                STAFF,
                action="proposal_matching_outcome",
            ),
            Transition(
                "not_match",
                RANKABLE_SOURCES,
                P.NOT_MATCHED,
                "Publier l’appariement : non affectée",
                STAFF,
                action="proposal_matching_outcome",
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
            ),
        ),
    ),
    MatchingRunStatus,
)
