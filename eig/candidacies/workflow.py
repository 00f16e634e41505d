"""The application's workflow, declared once. Services apply it with
core.workflow.transition_apply."""

from eig.accounts.enums import Role
from eig.candidacies.enums import CandidacyStatus as S
from eig.core.history_actions import HistoryAction as A
from eig.core.workflow import Transition, Workflow, register

CANDIDATE = (Role.CANDIDATE,)
STAFF = (Role.STAFF,)

CANDIDACY_WORKFLOW = register(
    "candidacy",
    "Candidature",
    Workflow(
        status_field="status",
        transitions=(
            # By the candidate (eig/candidacies/services.py)
            Transition(
                "submit",
                (S.DRAFT,),
                S.SUBMITTED,
                "Déposer la candidature",
                CANDIDATE,
                action=A.CANDIDACY_SUBMITTED,
            ),
            # At any time while under way: nothing more happens to an ended application.
            Transition(
                "withdraw",
                (S.DRAFT, S.SUBMITTED, S.POOL),
                S.WITHDRAWN,
                "Retirer la candidature",
                CANDIDATE,
                action=A.CANDIDACY_WITHDRAWN,
            ),
            # By the programme team, when it publishes the round's decisions
            # (eig/selection/services/committee.py).
            Transition(
                "publish_ineligible",
                (S.SUBMITTED,),
                S.INELIGIBLE,
                "Publier la décision : non recevable",
                STAFF,
                action=A.DECISION_PUBLISHED,
            ),
            Transition(
                "publish_not_retained",
                (S.SUBMITTED,),
                S.NOT_RETAINED,
                "Publier la décision : non retenue",
                STAFF,
                action=A.DECISION_PUBLISHED,
            ),
            Transition(
                "publish_pool",
                (S.SUBMITTED,),
                S.POOL,
                "Publier la décision : dans le vivier",
                STAFF,
                action=A.DECISION_PUBLISHED,
            ),
            # By the candidate who accepts an offer (eig/contracts/services.py).
            Transition(
                "hire",
                (S.POOL,),
                S.HIRED,
                "Accepter une offre",
                CANDIDATE,
                action=A.CANDIDACY_HIRED,
            ),
        ),
    ),
    S,
)
