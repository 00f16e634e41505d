"""The application's workflow, declared once. Services apply it with core.workflow.transition_apply.

Only the move an accepted offer makes is declared here yet (eig/contracts applies it); the
application's other moves join this table with the workflow of the applications.
"""

from eig.accounts.enums import Role
from eig.candidacies.enums import CandidacyStatus as S
from eig.core.workflow import Transition, Workflow

CANDIDACY_WORKFLOW = Workflow(
    status_field="status",
    transitions=(
        # By the candidate, when they accept an offer (eig.contracts.services.offer_accept).
        Transition("hire", (S.POOL,), S.HIRED, "Recruter", (Role.CANDIDATE,)),
    ),
)

# registered for the README by W1's registry
