"""The application's workflow, declared once. Services apply it with
core.workflow.transition_apply."""

from eig.accounts.enums import Role
from eig.candidacies.enums import CandidacyStatus as S
from eig.candidacies.enums import ExportStatus
from eig.core.history_actions import HistoryAction as A
from eig.core.workflow import SYSTEM, Transition, Workflow, register

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
            # By the candidate who accepts an offer (eig/contracts/services/offers.py).
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

# An export of applications built by a job (eig.candidacies.exports).
EXPORT_WORKFLOW = Workflow(
    status_field="status",
    transitions=(
        Transition(
            name="export_start",
            action=A.EXPORT_STARTED,
            sources=(ExportStatus.PENDING,),
            target=ExportStatus.RUNNING,
            label=("Commencer l’export"),
            roles=(SYSTEM,),
        ),
        Transition(
            name="export_finish",
            action=A.EXPORT_FINISHED,
            sources=(ExportStatus.RUNNING,),
            target=ExportStatus.READY,
            label=("Terminer l’export"),
            roles=(SYSTEM,),
        ),
        Transition(
            name="export_fail",
            action=A.EXPORT_FAILED,
            sources=(ExportStatus.PENDING, ExportStatus.RUNNING),
            target=ExportStatus.FAILED,
            label=("Constater l’échec de l’export"),
            roles=(SYSTEM,),
        ),
        Transition(
            name="export_expire",
            action=A.EXPORT_EXPIRED,
            sources=tuple(s for s in ExportStatus.values if s != ExportStatus.EXPIRED),
            target=ExportStatus.EXPIRED,
            label=("Supprimer le fichier expiré"),
            roles=(SYSTEM,),
        ),
    ),
)
register("export", "Export de candidatures", EXPORT_WORKFLOW, ExportStatus)
