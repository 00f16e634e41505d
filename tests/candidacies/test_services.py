"""The candidates' use cases: their profile, ventures and CV, and their application to a round."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from eig.candidacies import services
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy, Candidate, Choice, Venture
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from tests.factories import (
    CandidacyFactory,
    CandidateFactory,
    CandidateProfileFactory,
    ChallengeFactory,
    ProgrammeFactory,
    RoundFactory,
    StaffFactory,
    VentureFactory,
    open_round,
)
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PDF = minimal_pdf()


def _pdf(name="cv.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _recruiting(round_, *, product=True, tech=True, **kwargs):
    return ChallengeFactory(
        complete=True,
        status="recruiting",
        promotion=round_.promotion,
        wants_product=product,
        wants_tech=tech,
        **kwargs,
    )


def _closed_round():
    return RoundFactory(opens_on=timezone.localdate() - datetime.timedelta(weeks=10))


# --- The profile ----------------------------------------------------------------------


def test_the_first_visit_creates_the_profile_once():
    user = CandidateFactory()

    first = services.candidate_get_or_create(by=user)
    again = services.candidate_get_or_create(by=user)

    assert first == again
    assert Candidate.objects.filter(user=user).count() == 1
    assert list(event_list_for(first).values_list("action", flat=True)) == [
        HistoryAction.PROFILE_CREATED
    ]


@pytest.mark.parametrize("factory", [StaffFactory, lambda: None])
def test_only_a_candidate_has_a_profile(factory):
    with pytest.raises(DomainError, match="Seul·es les candidat·es"):
        services.candidate_get_or_create(by=factory())


def test_a_profile_update_records_what_changed_but_never_the_gender_in_clear():
    candidate = CandidateProfileFactory(track="", experience_years=None)

    services.candidate_update(
        candidate=candidate,
        by=candidate.user,
        data={"track": "tech", "experience_years": 15, "gender": "female"},
    )

    candidate.refresh_from_db()
    assert (candidate.track, candidate.experience_years, candidate.gender) == ("tech", 15, "female")
    event = event_list_for(candidate).get(action=HistoryAction.PROFILE_UPDATED)
    assert event.changes["track"] == ["", "tech"]
    assert event.changes["gender"] == ["…", "…"]
    assert "female" not in str(event.changes)


def test_a_profile_update_that_changes_nothing_records_nothing():
    candidate = CandidateProfileFactory(track="product")

    services.candidate_update(candidate=candidate, by=candidate.user, data={"track": "product"})

    assert not event_list_for(candidate).filter(action=HistoryAction.PROFILE_UPDATED).exists()


def test_a_javascript_link_is_refused_and_nothing_saved_changes():
    candidate = CandidateProfileFactory(portfolio_url="https://exemple.fr/portfolio")

    with pytest.raises(ValidationError, match="https://"):
        services.candidate_update(
            candidate=candidate,
            by=candidate.user,
            data={"portfolio_url": "javascript:alert(1)", "skills": "Autre chose"},
        )

    candidate.refresh_from_db()
    assert candidate.portfolio_url == "https://exemple.fr/portfolio"
    assert candidate.skills != "Autre chose"


def test_nobody_else_may_update_a_profile_nor_change_what_is_not_a_profile_field():
    candidate = CandidateProfileFactory()

    with pytest.raises(DomainError, match="votre propre profil"):
        services.candidate_update(
            candidate=candidate, by=CandidateFactory(), data={"track": "tech"}
        )
    with pytest.raises(DomainError, match="Champs non modifiables : cv, user"):
        services.candidate_update(
            candidate=candidate, by=candidate.user, data={"cv": "x.pdf", "user": 1}
        )


# --- Ventures -------------------------------------------------------------------------

VENTURE = {
    "name": "Ma start-up",
    "role": "cofounder",
    "start_year": 2015,
    "end_year": 2019,
    "team_size": 8,
    "outcome": "acquired",
    "description": "",
}


def test_a_venture_is_added_then_edited_then_deleted():
    candidate = CandidateProfileFactory()

    venture = services.venture_save(candidate=candidate, by=candidate.user, data=VENTURE)
    services.venture_save(
        candidate=candidate, by=candidate.user, data={"team_size": 20}, venture=venture
    )
    venture.refresh_from_db()
    assert venture.team_size == 20
    services.venture_delete(venture=venture, by=candidate.user)

    assert not Venture.objects.exists()
    actions = list(event_list_for(candidate).values_list("action", flat=True))
    assert actions[-3:] == [
        HistoryAction.VENTURE_ADDED,
        HistoryAction.VENTURE_UPDATED,
        HistoryAction.VENTURE_DELETED,
    ]


def test_a_venture_ending_before_it_starts_is_refused():
    candidate = CandidateProfileFactory()

    with pytest.raises(ValidationError):
        services.venture_save(
            candidate=candidate,
            by=candidate.user,
            data={**VENTURE, "start_year": 2020, "end_year": 2018},
        )

    assert not Venture.objects.exists()


def test_nobody_else_may_touch_a_candidates_ventures():
    venture = VentureFactory()
    intruder = CandidateProfileFactory()

    with pytest.raises(DomainError):
        services.venture_save(candidate=intruder, by=intruder.user, data={}, venture=venture)
    with pytest.raises(DomainError):
        services.venture_save(candidate=venture.candidate, by=intruder.user, data=VENTURE)
    with pytest.raises(DomainError):
        services.venture_delete(venture=venture, by=intruder.user)

    assert Venture.objects.filter(pk=venture.pk).exists()


def test_staff_withhold_a_description_and_the_history_of_the_file_says_so():
    candidacy = CandidacyFactory(status="submitted")
    venture = candidacy.candidate.ventures.get()
    staff = StaffFactory()

    services.venture_description_hide(venture=venture, candidacy=candidacy, hidden=True, by=staff)
    services.venture_description_hide(venture=venture, candidacy=candidacy, hidden=True, by=staff)

    venture.refresh_from_db()
    assert venture.description_hidden_by_staff
    events = list(event_list_for(candidacy).filter(action__startswith="venture_description"))
    assert [(e.action, e.actor, e.comment) for e in events] == [
        (HistoryAction.VENTURE_DESCRIPTION_HIDDEN, staff, venture.name)
    ]
    with pytest.raises(DomainError):
        services.venture_description_hide(
            venture=venture, candidacy=candidacy, hidden=False, by=candidacy.candidate.user
        )
    with pytest.raises(DomainError):
        services.venture_description_hide(
            venture=VentureFactory(), candidacy=candidacy, hidden=True, by=staff
        )


def test_a_candidate_editing_a_venture_keeps_the_staff_marking_made_meanwhile():
    candidacy = CandidacyFactory(status="submitted")
    open_in_the_form = candidacy.candidate.ventures.get()
    services.venture_description_hide(
        venture=open_in_the_form, candidacy=candidacy, hidden=True, by=StaffFactory()
    )

    services.venture_save(
        candidate=candidacy.candidate,
        by=candidacy.candidate.user,
        data={**VENTURE, "description_identifying": False},
        venture=open_in_the_form,
    )

    open_in_the_form.refresh_from_db()
    assert open_in_the_form.description_hidden_by_staff
    assert open_in_the_form.name == VENTURE["name"]


# --- The CV ---------------------------------------------------------------------------


def test_a_cv_is_stored_privately_under_a_name_that_tells_nothing(
    django_capture_on_commit_callbacks,
):
    candidate = CandidateProfileFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.cv_upload(candidate=candidate, by=candidate.user, uploaded=_pdf("Jeanne.pdf"))

    candidate.refresh_from_db()
    assert candidate.cv.name.startswith("candidates/cv/")
    assert "Jeanne" not in candidate.cv.name
    assert candidate.cv_uploaded_at is not None
    assert str(settings.MEDIA_ROOT) in candidate.cv.path
    with candidate.cv.open("rb") as handle:
        assert handle.read() == PDF


def test_a_new_cv_replaces_the_old_file(django_capture_on_commit_callbacks):
    candidate = CandidateProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.cv_upload(candidate=candidate, by=candidate.user, uploaded=_pdf())
    candidate.refresh_from_db()
    storage, old_name = candidate.cv.storage, candidate.cv.name

    with django_capture_on_commit_callbacks(execute=True):
        services.cv_upload(
            candidate=candidate, by=candidate.user, uploaded=_pdf(content=PDF + b"% v2\n")
        )

    candidate.refresh_from_db()
    assert candidate.cv.read().endswith(b"% v2\n")
    assert candidate.cv.name != old_name
    assert not storage.exists(old_name)


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (_pdf("faux.pdf", b"MZ\x90\x00 pas un PDF"), "n’est pas un PDF"),
        (_pdf("gros.pdf", PDF + b"0" * services.CV_MAX_BYTES), "la limite est de 5 Mo"),
    ],
    ids=["fake-pdf", "too-large"],
)
def test_a_refused_cv_keeps_the_previous_one(uploaded, message, django_capture_on_commit_callbacks):
    candidate = CandidateProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.cv_upload(candidate=candidate, by=candidate.user, uploaded=_pdf())
    candidate.refresh_from_db()
    before = (candidate.cv.name, candidate.cv_uploaded_at)

    with pytest.raises(DomainError, match=message):
        services.cv_upload(candidate=candidate, by=candidate.user, uploaded=uploaded)

    candidate.refresh_from_db()
    assert (candidate.cv.name, candidate.cv_uploaded_at) == before
    assert candidate.cv.read() == PDF


def test_nobody_else_may_upload_a_cv():
    candidate = CandidateProfileFactory()

    with pytest.raises(DomainError):
        services.cv_upload(candidate=candidate, by=CandidateFactory(), uploaded=_pdf())


def test_profile_missing_lists_what_a_candidate_must_still_give():
    candidate = CandidateProfileFactory(track="", experience_years=None)

    assert services.profile_missing(candidate) == [
        "votre profil (directeur·rice produit ou technique)",
        "vos années d’expérience professionnelle",
        "au moins une expérience entrepreneuriale",
        "votre CV en PDF",
    ]
    assert services.profile_missing(CandidateProfileFactory(complete=True)) == []


# --- Applying -------------------------------------------------------------------------


def test_starting_twice_gives_one_application_per_round():
    candidate = CandidateProfileFactory(complete=True)
    round_ = open_round()

    first = services.candidacy_start(candidate=candidate, round_=round_, by=candidate.user)
    second = services.candidacy_start(candidate=candidate, round_=round_, by=candidate.user)

    assert first == second
    assert first.status == CandidacyStatus.DRAFT
    assert Candidacy.objects.count() == 1
    assert event_list_for(first).filter(action=HistoryAction.CANDIDACY_CREATED).count() == 1


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_start_makes_one_application():
    candidate = CandidateProfileFactory(complete=True)
    round_ = open_round()
    barrier = threading.Barrier(2)
    results = []

    def start():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.candidacy_start(candidate=candidate, round_=round_, by=candidate.user)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(results) == 2
    assert results[0].pk == results[1].pk
    assert Candidacy.objects.count() == 1


def test_no_application_to_a_closed_round_nor_for_someone_else():
    candidate = CandidateProfileFactory(complete=True)

    with pytest.raises(DomainError, match="date limite"):
        services.candidacy_start(candidate=candidate, round_=_closed_round(), by=candidate.user)
    with pytest.raises(DomainError, match="pour vous-même"):
        services.candidacy_start(candidate=candidate, round_=open_round(), by=CandidateFactory())
    assert not Candidacy.objects.exists()


def test_wishes_are_saved_in_order_and_the_change_is_recorded():
    candidacy = CandidacyFactory(motivation="")
    first, second, third = (_recruiting(candidacy.round) for _ in range(3))
    by = candidacy.candidate.user

    services.candidacy_update(
        candidacy=candidacy,
        by=by,
        motivation="Servir l’action publique.",
        challenge_ids=[third.pk, first.pk, second.pk],
    )

    ranked = list(candidacy.choices.order_by("rank").values_list("rank", "challenge_id"))
    assert ranked == [(1, third.pk), (2, first.pk), (3, second.pk)]
    candidacy.refresh_from_db()
    assert candidacy.motivation == "Servir l’action publique."
    event = event_list_for(candidacy).get(action=HistoryAction.CANDIDACY_UPDATED)
    assert set(event.changes) == {"motivation", "vœux"}

    services.candidacy_update(
        candidacy=candidacy, by=by, motivation=candidacy.motivation, challenge_ids=[first.pk]
    )
    assert list(candidacy.choices.values_list("challenge_id", flat=True)) == [first.pk]


def test_a_defi_not_recruiting_in_the_round_cannot_be_a_wish():
    candidacy = CandidacyFactory()
    round_ = candidacy.round
    not_recruiting = ChallengeFactory(complete=True, status="selected", promotion=round_.promotion)
    other_promotion = _recruiting(open_round())
    wrong_track = _recruiting(round_, product=False, tech=True)  # the candidate is product

    for challenge in (not_recruiting, other_promotion, wrong_track):
        with pytest.raises(DomainError, match="n’est pas ouvert au recrutement pour votre profil"):
            services.candidacy_update(
                candidacy=candidacy,
                by=candidacy.candidate.user,
                motivation="",
                challenge_ids=[challenge.pk],
            )
    assert not Choice.objects.exists()


def test_a_wish_chosen_twice_or_too_many_wishes_are_refused():
    programme = ProgrammeFactory()
    programme.max_choices = 2
    programme.save(update_fields=["max_choices"])
    candidacy = CandidacyFactory()
    challenges = [_recruiting(candidacy.round) for _ in range(3)]
    by = candidacy.candidate.user

    with pytest.raises(DomainError, match="qu’une fois"):
        services.candidacy_update(
            candidacy=candidacy,
            by=by,
            motivation="",
            challenge_ids=[challenges[0].pk, challenges[0].pk],
        )
    with pytest.raises(DomainError, match="au plus 2 défis"):
        services.candidacy_update(
            candidacy=candidacy, by=by, motivation="", challenge_ids=[c.pk for c in challenges]
        )
    assert not Choice.objects.exists()


def test_a_motivation_over_the_limit_is_refused():
    candidacy = CandidacyFactory(motivation="Avant.")

    with pytest.raises(DomainError, match="4001 caractères : la limite est de 4000"):
        services.candidacy_update(
            candidacy=candidacy,
            by=candidacy.candidate.user,
            motivation="x" * 4001,
            challenge_ids=[],
        )

    candidacy.refresh_from_db()
    assert candidacy.motivation == "Avant."


def test_after_the_deadline_an_application_cannot_be_edited_nor_submitted():
    candidacy = CandidacyFactory(round=_closed_round())
    by = candidacy.candidate.user

    with pytest.raises(DomainError, match="La session n’accepte plus de changements"):
        services.candidacy_update(
            candidacy=candidacy, by=by, motivation="Nouveau", challenge_ids=[]
        )
    with pytest.raises(DomainError, match="date limite était le"):
        services.candidacy_submit(candidacy=candidacy, by=by)

    candidacy.refresh_from_db()
    assert candidacy.motivation != "Nouveau"
    assert candidacy.status == CandidacyStatus.DRAFT


def test_nobody_else_may_edit_submit_or_withdraw_an_application():
    candidacy = CandidacyFactory()
    intruder = CandidateFactory()

    with pytest.raises(DomainError, match="n’est pas la vôtre"):
        services.candidacy_update(candidacy=candidacy, by=intruder, motivation="", challenge_ids=[])
    with pytest.raises(DomainError, match="n’est pas la vôtre"):
        services.candidacy_submit(candidacy=candidacy, by=intruder)
    with pytest.raises(DomainError, match="n’est pas la vôtre"):
        services.candidacy_withdraw(candidacy=candidacy, by=StaffFactory())


def test_candidacy_missing_adds_the_motivation_and_a_wish_to_the_profile():
    candidacy = CandidacyFactory(motivation="  ", candidate__track="")

    assert services.candidacy_missing(candidacy) == [
        "votre profil (directeur·rice produit ou technique)",
        "votre motivation",
        "au moins un vœu parmi les défis ouverts",
    ]


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"candidate__complete": False}, "au moins une expérience entrepreneuriale"),
        ({"motivation": ""}, "votre motivation"),
        ({"wishes": 0}, "au moins un vœu"),
    ],
    ids=["profile", "motivation", "wish"],
)
def test_an_incomplete_application_cannot_be_submitted(change, missing):
    wishes = change.pop("wishes", 1)
    candidacy = CandidacyFactory(**change)
    for rank in range(1, wishes + 1):
        Choice.objects.create(
            candidacy=candidacy, challenge=_recruiting(candidacy.round), rank=rank
        )

    with pytest.raises(DomainError, match=f"Il manque encore : .*{missing}"):
        services.candidacy_submit(candidacy=candidacy, by=candidacy.candidate.user)

    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.DRAFT
    assert not Email.objects.exists()


def _complete_candidacy():
    candidacy = CandidacyFactory()
    for rank in (1, 2):
        Choice.objects.create(
            candidacy=candidacy, challenge=_recruiting(candidacy.round), rank=rank
        )
    return candidacy


def test_submitting_sends_a_receipt_after_commit(django_capture_on_commit_callbacks):
    candidacy = _complete_candidacy()
    user = candidacy.candidate.user

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submitted = services.candidacy_submit(candidacy=candidacy, by=user)
        assert mail.outbox == []  # nothing leaves before the commit

    assert callbacks
    assert submitted.status == CandidacyStatus.SUBMITTED
    assert submitted.submitted_at is not None
    event = event_list_for(candidacy).get(action=HistoryAction.CANDIDACY_SUBMITTED)
    assert (event.from_status, event.to_status) == ("draft", "submitted")
    assert Email.objects.get().template == "candidacy_submitted"
    (receipt,) = mail.outbox
    assert receipt.to == [user.email]
    assert f"session {candidacy.round.number}" in receipt.subject
    choices = list(candidacy.choices.order_by("rank").select_related("challenge"))
    body = receipt.body
    assert body.index(f"1. {choices[0].challenge.title}") < body.index(
        f"2. {choices[1].challenge.title}"
    )
    assert f"/espace/candidatures/{candidacy.pk}/" in body
    assert "modifier votre candidature" in body


def test_a_submitted_application_is_still_editable_until_the_deadline_but_not_resubmitted():
    candidacy = _complete_candidacy()
    user = candidacy.candidate.user
    services.candidacy_submit(candidacy=candidacy, by=user)

    services.candidacy_update(
        candidacy=candidacy, by=user, motivation="Une meilleure motivation.", challenge_ids=[]
    )

    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.SUBMITTED
    assert candidacy.motivation == "Une meilleure motivation."
    assert event_list_for(candidacy).filter(action=HistoryAction.CANDIDACY_UPDATED).exists()
    with pytest.raises(DomainError, match="déjà déposée"):
        services.candidacy_submit(candidacy=candidacy, by=user)


@pytest.mark.parametrize("submitted", [False, True], ids=["draft", "submitted"])
def test_withdrawing_at_any_time_records_the_reason_and_confirms_by_email(
    submitted, django_capture_on_commit_callbacks
):
    candidacy = _complete_candidacy()
    if submitted:
        candidacy.round.application_deadline = timezone.localdate() - datetime.timedelta(days=1)
        candidacy.round.opens_on = candidacy.round.application_deadline - datetime.timedelta(days=9)
        candidacy.round.save()
        Candidacy.objects.filter(pk=candidacy.pk).update(status=CandidacyStatus.SUBMITTED)
    user = candidacy.candidate.user

    with django_capture_on_commit_callbacks(execute=True):
        services.candidacy_withdraw(candidacy=candidacy, by=user, reason="  J’ai trouvé un poste. ")

    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.WITHDRAWN
    assert candidacy.withdrawn_at is not None
    assert candidacy.withdrawal_reason == "J’ai trouvé un poste."
    event = event_list_for(candidacy).get(action=HistoryAction.CANDIDACY_WITHDRAWN)
    assert event.to_status == CandidacyStatus.WITHDRAWN
    assert event.comment == "J’ai trouvé un poste."
    (email,) = mail.outbox
    assert email.to == [user.email]
    assert "retirée" in email.subject
    assert "J’ai trouvé un poste." in email.body
    with pytest.raises(DomainError, match="déjà retirée"):
        services.candidacy_withdraw(candidacy=candidacy, by=user)
    with pytest.raises(DomainError, match="n’est plus modifiable"):
        services.candidacy_update(candidacy=candidacy, by=user, motivation="", challenge_ids=[])


@pytest.mark.parametrize("status", ["hired", "ineligible", "not_retained"])
def test_an_application_that_is_over_cannot_be_withdrawn(db, status):
    from eig.candidacies.services import candidacy_withdraw
    from eig.core.errors import DomainError
    from tests.factories import CandidacyFactory

    candidacy = CandidacyFactory(status=status)
    with pytest.raises(DomainError, match="terminée"):
        candidacy_withdraw(candidacy=candidacy, by=candidacy.candidate.user)
