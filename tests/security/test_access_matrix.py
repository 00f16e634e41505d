"""The access-control matrix: every URL pattern, and the answer each role gets.

Adding a URL without a row here fails ``test_every_url_pattern_is_in_the_matrix``.
A row names the URL, how to build its arguments, the method, and the expected
status code for each role. 302 for an anonymous visitor means "sent to sign in".
A key ``name#variant`` checks the same URL again on another object (for example a
draft défi on a public page).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "candidate", "agent", "reviewer", "coach", "staff")


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def signed_in_only(code: int = 200) -> dict[str, int]:
    return {"anonymous": 302, **dict.fromkeys(ROLES[1:], code)}


def only(*allowed: str, ok: int = 200, denied: int = 403) -> dict[str, int]:
    """Allowed roles get ``ok``; other signed-in roles ``denied``; anonymous is sent to sign in."""
    answers = {role: (ok if role in allowed else denied) for role in ROLES}
    answers["anonymous"] = ok if "anonymous" in allowed else 302
    return answers


@dataclass(frozen=True)
class Row:
    expected: dict[str, int]
    method: str = "get"
    # Builds the URL's kwargs from the arranged world (see the ``world`` fixture).
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    data: dict[str, Any] = field(default_factory=dict)


# Third-party namespaces checked through one representative page.
WHOLE_NAMESPACES = {
    "admin": ("admin:index", {"anonymous": 302, **dict.fromkeys(ROLES[1:], 302)}),
}


def _api_token(world: Any) -> Any:
    """A défis token of the agent's administration."""
    from tests.api.tokens import token_secret

    token_secret("defis:read", organisation=world.organisation, by=world.agent)
    return world.organisation.api_tokens.get()


def _webhook(world: Any) -> Any:
    """A webhook to a closed local port: its deliveries fail quietly."""
    from eig.api.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(url="http://127.0.0.1:9/", events=[], secret="whsec_")


def _ready_export(world: Any, *, other: bool = False) -> Any:
    """A staff export built by a job, ready to download: the staff's own, or another's."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from eig.candidacies.models import Export
    from tests.factories import StaffFactory

    export = Export.objects.create(
        requested_by=StaffFactory() if other else world.staff,
        file_format="csv",
        status="ready",
        requested_rows=1,
        row_count=1,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    export.file.save("export.csv", ContentFile(b"id\r\n1\r\n"))
    return export


def _offer_round(world: Any) -> int:
    return int(world.offer().candidacy.round_id)


MATRIX: dict[str, Row] = {
    # Health, for supervisors and status pages (eig/core)
    "core:health": Row(everyone(200)),
    # Impact and open data (eig/impact)
    "impact:page": Row(everyone(200)),
    "impact:figures_csv": Row(everyone(200)),
    "impact:figures_json": Row(everyone(200)),
    "impact:promotions_csv": Row(everyone(200)),
    "impact:promotions_json": Row(everyone(200)),
    "impact:figures_schema": Row(everyone(200)),
    "impact:promotions_schema": Row(everyone(200)),
    "impact:opendata": Row(everyone(200)),
    # The survey's link is its own key: whoever holds it may answer, a wrong one is 404.
    "impact:survey": Row(everyone(200), kwargs=lambda w: {"token": w.survey.token}),
    "impact:survey#unknown": Row(everyone(404), kwargs=lambda w: {"token": "jeton-inconnu"}),
    "impact:staff_dashboard": Row(only("staff")),
    # The API (eig/api): the public endpoints answer everyone alike, signed in or not (a
    # session gives no access to the API); a défi that is not public is 404 to everyone.
    # Token scopes have their own matrix: tests/security/test_api_access_matrix.py.
    "challenges:opendata_schema": Row(everyone(200)),
    "api:api-root": Row(everyone(404)),
    "api:openapi-json": Row(everyone(200)),
    "api:openapi-view": Row(everyone(200)),
    "api:defi_list": Row(everyone(200)),
    "api:defi_detail": Row(everyone(200), kwargs=lambda w: {"defi_id": w.public.pk}),
    "api:defi_detail#draft": Row(everyone(404), kwargs=lambda w: {"defi_id": w.draft.pk}),
    "api:defi_indicators": Row(everyone(200), kwargs=lambda w: {"defi_id": w.public.pk}),
    "api:defi_indicators#draft": Row(everyone(404), kwargs=lambda w: {"defi_id": w.draft.pk}),
    "api:opendata_defis": Row(everyone(200)),
    "api:impact_figures": Row(everyone(200)),
    "api:promotion_list": Row(everyone(200)),
    "api:private_defi_list": Row(everyone(401)),
    "api:private_defi_detail": Row(everyone(401), kwargs=lambda w: {"defi_id": w.draft.pk}),
    "api:candidature_list": Row(everyone(401)),
    "api:candidature_cv": Row(everyone(401), kwargs=lambda w: {"candidature_id": 1}),
    "api:decision_list": Row(everyone(401)),
    "api:webhook_list_api": Row(everyone(401)),
    # Tokens (eig/api/views.py): staff for every scope, agents for their administration.
    "api_tokens:staff_list": Row(only("staff")),
    "api_tokens:agent_list": Row(only("agent")),
    "api_tokens:webhook_list": Row(only("staff")),
    "api_tokens:webhook_detail": Row(only("staff"), kwargs=lambda w: {"pk": _webhook(w).pk}),
    "api_tokens:delivery_resend": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": _webhook(w).deliveries.create(event="x", payload={}).pk},
    ),
    "api_tokens:revoke": Row(
        only("staff", "agent", ok=302), method="post", kwargs=lambda w: {"pk": _api_token(w).pk}
    ),
    # Public pages (eig/public)
    "public:home": Row(everyone(200)),
    "public:programme": Row(everyone(200)),
    "public:propose": Row(everyone(200)),
    "public:apply": Row(everyone(200)),
    "public:accessibility": Row(everyone(200)),
    "public:legal_notice": Row(everyone(200)),
    "public:personal_data": Row(everyone(200)),
    "public:sitemap": Row(everyone(200)),
    # Accounts (eig/accounts)
    "accounts:login": Row({"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "accounts:logout": Row(everyone(302), method="post"),
    "accounts:dashboard": Row(signed_in_only(200)),
    "accounts:not_attached": Row(only("agent")),
    # django-allauth: candidates' e-mail and password accounts
    "account_login": Row({"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "account_logout": Row({"anonymous": 302, **dict.fromkeys(ROLES[1:], 200)}),
    "account_inactive": Row(everyone(200)),
    "account_signup": Row({"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    # Only candidates have a password to confirm or manage: ProConnect roles get 403.
    "account_reauthenticate": Row(only("candidate")),
    "account_request_reauthentication_code": Row(everyone(404)),
    "account_confirm_reauthentication_code": Row(everyone(404)),
    "account_email": Row(only("candidate")),
    "account_email_verification_sent": Row(everyone(200)),
    "account_change_password": Row(only("candidate")),
    # A candidate who already has a password is sent to the change-password page.
    "account_set_password": Row(only("candidate", ok=302)),
    "account_reset_password": Row(everyone(200)),
    "account_confirm_login_code": Row(everyone(404)),
    "account_confirm_email": Row(everyone(200), kwargs=lambda world: {"key": "unknown-key"}),
    "account_reset_password_from_key_done": Row(everyone(200)),
    "account_reset_password_from_key": Row(
        everyone(200), kwargs=lambda world: {"uidb36": "zz", "key": "unknown-key"}
    ),
    "account_reset_password_done": Row(everyone(200)),
    # ProConnect (OpenID Connect)
    "oidc_authentication_init": Row(everyone(302)),
    "oidc_authentication_callback": Row(everyone(302)),
    "oidc_logout": Row(everyone(302), method="post"),
    # Programme settings (eig/programmes)
    "programmes:index": Row(only("staff")),
    "programmes:settings_edit": Row(only("staff")),
    "programmes:promotion_list": Row(only("staff")),
    "programmes:promotion_create": Row(only("staff")),
    "programmes:promotion_detail": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "programmes:promotion_edit": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "programmes:round_create": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "programmes:rounds_generate": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "programmes:round_edit": Row(only("staff"), kwargs=lambda w: {"pk": w.round.pk}),
    "programmes:pay_grid_list": Row(only("staff")),
    "programmes:pay_grid_create": Row(only("staff")),
    "programmes:pay_grid_detail": Row(only("staff"), kwargs=lambda w: {"pk": w.pay_grid.pk}),
    "programmes:pay_grid_edit": Row(only("staff"), kwargs=lambda w: {"pk": w.pay_grid.pk}),
    "programmes:scoring_grid_list": Row(only("staff")),
    "programmes:scoring_grid_detail": Row(
        only("staff"), kwargs=lambda w: {"pk": w.scoring_grid.pk}
    ),
    "programmes:criterion_create": Row(only("staff"), kwargs=lambda w: {"pk": w.scoring_grid.pk}),
    "programmes:criterion_edit": Row(only("staff"), kwargs=lambda w: {"pk": w.criterion.pk}),
    # Organisations (eig/organisations)
    "organisations:list": Row(only("staff")),
    "organisations:create": Row(only("staff")),
    "organisations:detail": Row(only("staff"), kwargs=lambda w: {"pk": w.organisation.pk}),
    "organisations:edit": Row(only("staff"), kwargs=lambda w: {"pk": w.organisation.pk}),
    # An empty form: staff see it again with its errors (200); nothing is written.
    "organisations:member_add": Row(
        only("staff"), method="post", kwargs=lambda w: {"pk": w.organisation.pk}
    ),
    "organisations:member_remove": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.organisation.pk, "membership_pk": w.membership.pk},
    ),
    # Défis: the administration's agents (eig/challenges/views/agent.py)
    "challenges:list": Row(only("agent")),
    "challenges:create": Row(only("agent")),
    "challenges:detail": Row(only("agent"), kwargs=lambda w: {"pk": w.draft.pk}),
    "challenges:edit": Row(
        only("agent"), kwargs=lambda w: {"pk": w.draft.pk, "section": "probleme"}
    ),
    "challenges:indicator_add": Row(only("agent"), kwargs=lambda w: {"pk": w.draft.pk}),
    "challenges:indicator_edit": Row(
        only("agent"), kwargs=lambda w: {"pk": w.draft.pk, "indicator_pk": w.indicator.pk}
    ),
    "challenges:indicator_delete": Row(
        only("agent", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.draft.pk, "indicator_pk": w.indicator.pk},
    ),
    "challenges:attachment_add": Row(only("agent"), kwargs=lambda w: {"pk": w.draft.pk}),
    "challenges:attachment_download": Row(
        only("agent", "coach", "staff", denied=404),
        kwargs=lambda w: {"pk": w.submitted.pk, "attachment_pk": w.attachment.pk},
    ),
    "challenges:attachment_delete": Row(
        only("agent", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk},
    ),
    "challenges:submit": Row(only("agent"), kwargs=lambda w: {"pk": w.draft.pk}),
    "challenges:withdraw": Row(only("agent"), kwargs=lambda w: {"pk": w.draft.pk}),
    # Défis: the programme team (eig/challenges/views/staff.py)
    # Impact: measurements and outcome, by the défi's agents (eig/challenges/views/impact.py)
    "challenges:measurement_add": Row(
        only("agent"),
        kwargs=lambda w: {"pk": w.running.pk, "indicator_pk": w.running_indicator.pk},
    ),
    # Measurements are recorded while the défi runs: not on a draft.
    "challenges:measurement_add#draft": Row(
        only("agent", ok=404),
        kwargs=lambda w: {"pk": w.draft.pk, "indicator_pk": w.indicator.pk},
    ),
    # A measurement entered by mistake: GET confirms, POST removes it and goes back.
    "challenges:measurement_delete": Row(
        only("agent"),
        kwargs=lambda w: {
            "pk": w.running.pk,
            "indicator_pk": w.running_indicator.pk,
            "measurement_pk": w.running_measurement.pk,
        },
    ),
    "challenges:measurement_delete#post": Row(
        only("agent", ok=302),
        method="post",
        kwargs=lambda w: {
            "pk": w.running.pk,
            "indicator_pk": w.running_indicator.pk,
            "measurement_pk": w.running_measurement.pk,
        },
    ),
    # Once the défi is completed its measurements stay.
    "challenges:measurement_delete#completed": Row(
        only("agent", ok=404),
        kwargs=lambda w: {
            "pk": w.completed.pk,
            "indicator_pk": w.completed_measurement.indicator_id,
            "measurement_pk": w.completed_measurement.pk,
        },
    ),
    "challenges:outcome_record": Row(only("agent"), kwargs=lambda w: {"pk": w.completed.pk}),
    # The outcome is recorded once the défi is completed: not while it runs.
    "challenges:outcome_record#running": Row(
        only("agent", ok=404), kwargs=lambda w: {"pk": w.running.pk}
    ),
    "challenges:staff_outcome_record": Row(only("staff"), kwargs=lambda w: {"pk": w.completed.pk}),
    "challenges:staff_list": Row(only("staff")),
    "challenges:staff_organisation_suggestions": Row(only("staff")),
    "challenges:staff_export_csv": Row(only("staff")),
    "challenges:staff_export_xlsx": Row(only("staff")),
    # Nothing ticked, no coach chosen: the page again with the error, nothing lost (200).
    "challenges:staff_bulk": Row(
        only("staff", ok=200),
        method="post",
        data={"action": "investigate", "message": "", "challenges": []},
    ),
    "challenges:staff_detail": Row(only("staff"), kwargs=lambda w: {"pk": w.submitted.pk}),
    "challenges:staff_transition": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.submitted.pk},
        data={"action": "investigate", "message": ""},
    ),
    "challenges:staff_note_add": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.submitted.pk},
        data={"text": "Une annotation"},
    ),
    "challenges:staff_opinion_request": Row(
        only("staff", ok=200), method="post", kwargs=lambda w: {"pk": w.submitted.pk}
    ),
    "challenges:policy_list": Row(only("staff")),
    "challenges:policy_create": Row(only("staff")),
    "challenges:policy_edit": Row(only("staff"), kwargs=lambda w: {"pk": w.policy.pk}),
    # Défis: beta.gouv.fr coaches (eig/challenges/views/coach.py)
    "challenges:coach_list": Row(only("coach")),
    "challenges:coach_detail": Row(only("coach"), kwargs=lambda w: {"pk": w.submitted.pk}),
    # Défis: the public (eig/challenges/views/public.py)
    "challenges:catalogue": Row(everyone(200)),
    "challenges:catalogue_organisation_suggestions": Row(everyone(200)),
    "challenges:opendata_csv": Row(everyone(200)),
    "challenges:opendata_json": Row(everyone(200)),
    "challenges:public_detail": Row(everyone(200), kwargs=lambda w: {"pk": w.public.pk}),
    "challenges:public_detail#draft": Row(everyone(404), kwargs=lambda w: {"pk": w.draft.pk}),
    # Candidatures: the candidate (eig/candidacies/views/candidate.py)
    "candidacies:profile": Row(only("candidate")),
    "candidacies:venture_add": Row(only("candidate")),
    "candidacies:venture_edit": Row(only("candidate"), kwargs=lambda w: {"pk": w.venture.pk}),
    "candidacies:venture_delete": Row(
        only("candidate", ok=302), method="post", kwargs=lambda w: {"pk": w.venture.pk}
    ),
    "candidacies:cv_upload": Row(only("candidate")),
    "candidacies:cv_download": Row(only("candidate")),
    "candidacies:list": Row(only("candidate")),
    "candidacies:start": Row(only("candidate")),
    "candidacies:detail": Row(only("candidate"), kwargs=lambda w: {"pk": w.candidacy.pk}),
    "candidacies:edit": Row(only("candidate"), kwargs=lambda w: {"pk": w.candidacy.pk}),
    "candidacies:submit": Row(only("candidate"), kwargs=lambda w: {"pk": w.candidacy.pk}),
    "candidacies:withdraw": Row(only("candidate"), kwargs=lambda w: {"pk": w.candidacy.pk}),
    # Candidatures: personal data (eig/candidacies/views/personal_data.py)
    "candidacies:my_data": Row(only("candidate")),
    "candidacies:my_data_export": Row(only("candidate")),
    "candidacies:account_delete": Row(only("candidate")),
    # Candidatures: the programme team (eig/candidacies/views/staff.py)
    "candidacies:staff_list": Row(only("staff")),
    "candidacies:staff_challenge_suggestions": Row(only("staff")),
    "candidacies:staff_export_csv": Row(only("staff")),
    "candidacies:staff_export_xlsx": Row(only("staff")),
    # Asking a job to build the export (the file is e-mailed as a link, then listed).
    "candidacies:staff_export_csv#job": Row(only("staff", ok=302), method="post"),
    "candidacies:staff_export_xlsx#job": Row(only("staff", ok=302), method="post"),
    "candidacies:staff_export_list": Row(only("staff")),
    # The file: the person who asked for it only; another of the team gets 404.
    "candidacies:staff_export_download": Row(
        only("staff"), kwargs=lambda w: {"pk": _ready_export(w).pk}
    ),
    "candidacies:staff_export_download#other": Row(
        {**only("staff"), "staff": 404}, kwargs=lambda w: {"pk": _ready_export(w, other=True).pk}
    ),
    "candidacies:staff_detail": Row(
        only("staff"), kwargs=lambda w: {"pk": w.submitted_candidacy.pk}
    ),
    # A draft is the candidate's work in progress: the programme team does not see it.
    "candidacies:staff_detail#draft": Row(
        {**only("staff"), "staff": 404}, kwargs=lambda w: {"pk": w.candidacy.pk}
    ),
    "candidacies:staff_cv": Row(
        only("staff"), kwargs=lambda w: {"pk": w.submitted_candidacy.candidate.pk}
    ),
    "candidacies:staff_venture_description": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {
            "pk": w.submitted_candidacy.pk,
            "venture_pk": w.submitted_candidacy.candidate.ventures.get().pk,
        },
        data={"hidden": "1"},
    ),
    # Another person's venture through this file: not found, even for the programme team.
    "candidacies:staff_venture_description#other_venture": Row(
        {**only("staff"), "staff": 404},
        method="post",
        kwargs=lambda w: {"pk": w.submitted_candidacy.pk, "venture_pk": w.venture.pk},
        data={"hidden": "1"},
    ),
    # A profile with only a draft: the programme team does not see it, nor its CV.
    "candidacies:staff_cv#draft_only": Row(
        {**only("staff"), "staff": 404}, kwargs=lambda w: {"pk": w.draft_only_profile.pk}
    ),
    # Selection: screening, reviews, committee (eig/selection/views/screening.py, review.py)
    # Empty POSTs give the page again with the errors (200): nothing is written.
    "selection:round_list": Row(only("staff")),
    "selection:reason_list": Row(only("staff")),
    "selection:reason_create": Row(only("staff")),
    "selection:reason_edit": Row(only("staff"), kwargs=lambda w: {"pk": w.reason.pk}),
    "selection:board": Row(only("staff"), kwargs=lambda w: {"round_pk": w.selection_round.pk}),
    "selection:bulk_decide": Row(
        only("staff"), method="post", kwargs=lambda w: {"round_pk": w.selection_round.pk}
    ),
    "selection:assignment": Row(only("staff"), kwargs=lambda w: {"round_pk": w.selection_round.pk}),
    "selection:publish": Row(only("staff"), kwargs=lambda w: {"round_pk": w.selection_round.pk}),
    "selection:application": Row(only("staff"), kwargs=lambda w: {"pk": w.selection_candidacy.pk}),
    "selection:screen": Row(
        only("staff"), method="post", kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:committee": Row(
        only("staff"), method="post", kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:assign": Row(
        only("staff"), method="post", kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:unassign": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.selection_candidacy.pk, "review_pk": w.selection_review.pk},
    ),
    "selection:conflict_record": Row(
        only("staff"), method="post", kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:reviewer_home": Row(only("reviewer", "staff")),
    # Only the reviewer it is assigned to: anyone else who reviews gets 404.
    "selection:review": Row(
        {**only("reviewer"), "staff": 404}, kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:review_submit": Row(
        {**only("reviewer"), "staff": 404}, kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:review_cv": Row(
        {**only("reviewer"), "staff": 404}, kwargs=lambda w: {"pk": w.selection_candidacy.pk}
    ),
    "selection:conflicts": Row(
        only("reviewer", "staff"), kwargs=lambda w: {"round_pk": w.selection_round.pk}
    ),
    # Offers and follow-up (eig/contracts/views/candidate.py, staff.py, followup.py)
    "offers:list": Row(only("candidate")),
    "offers:detail": Row(only("candidate"), kwargs=lambda w: {"pk": w.offer().pk}),
    # The candidate answers their open offer, then is sent back to it; accepting is
    # confirmed first on a page that says what it commits to.
    "offers:accept": Row(
        only("candidate", ok=302), method="post", kwargs=lambda w: {"pk": w.offer().pk}
    ),
    "offers:accept#confirm": Row(only("candidate"), kwargs=lambda w: {"pk": w.offer().pk}),
    "offers:decline": Row(
        only("candidate", ok=302), method="post", kwargs=lambda w: {"pk": w.offer().pk}
    ),
    "offers:make": Row(only("staff"), kwargs=lambda w: {"pk": w.offer().candidacy_id}),
    "offers:staff_detail": Row(only("staff"), kwargs=lambda w: {"pk": w.offer().pk}),
    "offers:followup_index": Row(only("staff")),
    "offers:followup": Row(only("staff"), kwargs=lambda w: {"pk": _offer_round(w)}),
    "offers:export_csv": Row(only("staff"), kwargs=lambda w: {"pk": _offer_round(w)}),
    "offers:export_xlsx": Row(only("staff"), kwargs=lambda w: {"pk": _offer_round(w)}),
    # Contracts (eig/contracts/views/contracts.py): the EIG's page, the documents (the EIG
    # concerned and staff only: anyone else 404), the team's list, detail and decision.
    "contracts:mine": Row(signed_in_only(200)),
    "contracts:download": Row(
        {**only("candidate", "staff"), "agent": 404, "reviewer": 404, "coach": 404},
        kwargs=lambda w: {"pk": w.contract_with_documents().pk, "document": "contrat"},
    ),
    "contracts:list": Row(only("staff")),
    "contracts:detail": Row(only("staff"), kwargs=lambda w: {"pk": w.contract().pk}),
    "contracts:renew": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.contract().pk},
        data={"level": "1", "reason": "Changement de niveau de la matrice"},
    ),
    "contracts:end": Row(
        only("staff", ok=302), method="post", kwargs=lambda w: {"pk": w.contract().pk}
    ),
    # Pay (eig/contracts/views/pay.py): each signed-in person sees their own variable part;
    # the variable part, budget and equal-pay report are the team's.
    "pay:mine": Row(signed_in_only(200)),
    "pay:variable": Row(only("staff"), kwargs=lambda w: {"pk": w.contract().pk}),
    "pay:variable#post": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.contract().pk},
        data={"achievement": "75"},
    ),
    "pay:budget_index": Row(only("staff")),
    "pay:budget": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "pay:budget_csv": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "pay:budget_xlsx": Row(only("staff"), kwargs=lambda w: {"pk": w.promotion.pk}),
    "pay:equal_pay": Row(only("staff")),
    # Interviews, proposals to défis, the administration's jury (eig/selection/views/
    # interviews.py, jury.py). An interview or a candidate one does not sit on or was not
    # proposed to answers 404; other roles 403.
    "interviews:staff_list": Row(only("staff")),
    "interviews:create": Row(only("staff"), kwargs=lambda w: {"pk": w.to_invite.pk}),
    # A draft is never shown to staff, not even on the invitation form (404, as elsewhere).
    "interviews:create#draft": Row(
        {**only("staff"), "staff": 404}, kwargs=lambda w: {"pk": w.candidacy.pk}
    ),
    # A submitted application not declared eligible: refused before the form is shown.
    "interviews:create#not_eligible": Row(
        {**only("staff"), "staff": 302}, kwargs=lambda w: {"pk": w.submitted_candidacy.pk}
    ),
    "interviews:staff_detail": Row(only("staff"), kwargs=lambda w: {"pk": w.interview.pk}),
    "interviews:reschedule": Row(only("staff"), kwargs=lambda w: {"pk": w.interview.pk}),
    "interviews:cancel": Row(
        only("staff", ok=302), method="post", kwargs=lambda w: {"pk": w.interview.pk}
    ),
    "interviews:proposal_challenges": Row(only("staff")),
    "interviews:proposal_page": Row(only("staff"), kwargs=lambda w: {"pk": w.jury_challenge.pk}),
    "interviews:joint_create": Row(only("staff"), kwargs=lambda w: {"pk": w.jury_proposal.pk}),
    "interviews:my_interviews": Row(only("reviewer", "staff")),
    "interviews:review": Row(
        {**only("reviewer", "staff"), "staff": 404}, kwargs=lambda w: {"pk": w.interview.pk}
    ),
    "interviews:review#joint": Row(
        {**only("reviewer", "staff"), "reviewer": 404, "staff": 404},
        kwargs=lambda w: {"pk": w.joint_interview.pk},
    ),
    "interviews:jury_index": Row(only("agent")),
    # The matching (eig/selection/views/matching.py): each side ranks, staff run it.
    "matching:candidate_ranking": Row(
        only("candidate"), kwargs=lambda w: {"pk": w.matching_round.pk}
    ),
    # A round of another promotion, where the candidate has nothing to rank: not found.
    "matching:candidate_ranking#nothing_to_rank": Row(
        only("candidate", ok=404), kwargs=lambda w: {"pk": w.candidacy.round_id}
    ),
    "matching:jury_ranking": Row(
        only("agent"),
        kwargs=lambda w: {"pk": w.matching_round.pk, "challenge_pk": w.jury_challenge.pk},
    ),
    "matching:jury_ranking#other_organisation": Row(
        only("agent", ok=404),
        kwargs=lambda w: {
            "pk": w.matching_round.pk,
            "challenge_pk": w.other_jury_proposal.challenge_id,
        },
    ),
    "matching:staff_round": Row(only("staff"), kwargs=lambda w: {"pk": w.matching_round.pk}),
    "matching:places_set": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.matching_round.pk, "challenge_pk": w.jury_challenge.pk},
    ),
    "matching:run_start": Row(
        only("staff", ok=302), method="post", kwargs=lambda w: {"pk": w.matching_round.pk}
    ),
    "matching:run_override": Row(
        only("staff", ok=302), method="post", kwargs=lambda w: {"pk": w.matching_run.pk}
    ),
    "matching:run_publish": Row(
        only("staff", ok=302), method="post", kwargs=lambda w: {"pk": w.matching_run.pk}
    ),
    "matching:offer_confirm": Row(
        only("staff", ok=302),
        method="post",
        kwargs=lambda w: {"pk": w.matching_round.pk, "offer_pk": w.offer().pk},
    ),
    "interviews:jury_list": Row(only("agent"), kwargs=lambda w: {"pk": w.jury_challenge.pk}),
    "interviews:jury_list#other_organisation": Row(
        {**only("agent"), "agent": 404},
        kwargs=lambda w: {"pk": w.other_jury_proposal.challenge_id},
    ),
    "interviews:jury_candidate": Row(
        only("agent"),
        kwargs=lambda w: {"pk": w.jury_challenge.pk, "proposal_pk": w.jury_proposal.pk},
    ),
    "interviews:jury_candidate#other_organisation": Row(
        {**only("agent"), "agent": 404},
        kwargs=lambda w: {"pk": w.jury_challenge.pk, "proposal_pk": w.other_jury_proposal.pk},
    ),
    "interviews:jury_cv": Row(
        only("agent"),
        kwargs=lambda w: {"pk": w.jury_challenge.pk, "proposal_pk": w.jury_proposal.pk},
    ),
    "interviews:jury_cv#other_organisation": Row(
        {**only("agent"), "agent": 404},
        kwargs=lambda w: {"pk": w.jury_challenge.pk, "proposal_pk": w.other_jury_proposal.pk},
    ),
    # Demo mode only (a test proves these do not exist when demo mode is off)
    "demo:accounts": Row(everyone(200)),
    "demo:sign_in": Row(everyone(405), kwargs=lambda world: {"user_id": world.staff.pk}),
}


MATRIX_URL_NAMES = {key.split("#")[0] for key in MATRIX}


def url_names(patterns: list[Any], namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(
        name
        for name in set(url_names(get_resolver().url_patterns))
        if name not in MATRIX_URL_NAMES and name.split(":")[0] not in WHOLE_NAMESPACES
    )
    assert not missing, f"URL sans ligne dans la matrice d'accès : {missing}"


def test_the_matrix_has_no_stale_row():
    names = set(url_names(get_resolver().url_patterns))
    assert not sorted(MATRIX_URL_NAMES - names)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, world, name, role):
    row = MATRIX[name]
    user = getattr(world, role)
    if user is not None:
        client.force_login(user)
    url = reverse(name.split("#")[0], kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data)
    assert response.status_code == row.expected[role], (
        f"{row.method.upper()} {url} as {role}: {response.status_code}"
    )
    if user is not None:
        # No page or file of a signed-in person may be kept by a shared cache.
        cache_control = response.get("Cache-Control", "")
        assert {"private", "no-store"} <= set(cache_control.replace(" ", "").split(",")), (
            f"{row.method.upper()} {url} as {role}: Cache-Control {cache_control!r}"
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("namespace", sorted(WHOLE_NAMESPACES))
def test_third_party_namespaces(client, world, namespace, role):
    url_name, expected = WHOLE_NAMESPACES[namespace]
    user = getattr(world, role)
    if user is not None:
        client.force_login(user)
    assert client.get(reverse(url_name)).status_code == expected[role]
