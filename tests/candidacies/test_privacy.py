"""A candidate's personal data: its export, the erasure of the account, and the automatic
anonymisation once the programme's retention period has passed."""

import calendar
import datetime
import json
import zipfile
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from eig.accounts.models import User
from eig.candidacies import privacy, services
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy, Candidate, Venture
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from eig.programmes.selectors import current_programme
from tests.candidacies.applications import application, recruiting_challenge
from tests.factories import (
    DEFAULT_PASSWORD,
    CandidateFactory,
    RoundFactory,
    StaffFactory,
    open_round,
)
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PDF = minimal_pdf(title="Le CV de Zephyrine Quatremarre")
EMAIL = "zephyrine.quatremarre@example.fr"
# What must be gone from every text column of the database after the erasure.
SECRETS = (
    EMAIL,
    "Zephyrine",
    "Quatremarre",
    "0699887766",
    "xylophone",
    "Xylophonia",
    "zanzibar",
    "zephyrine.example.fr",
)


@pytest.fixture
def person(django_capture_on_commit_callbacks):
    """A candidate who went through the whole journey with the services: profile, venture,
    CV, an application submitted (a receipt e-mail), then withdrawn with a reason."""
    round_ = open_round()
    challenge = recruiting_challenge(round_, title="Simplifier les aides")
    user = CandidateFactory(email=EMAIL, first_name="Zephyrine", last_name="Quatremarre")
    with django_capture_on_commit_callbacks(execute=True):
        candidate = services.candidate_get_or_create(by=user)
        candidate = services.candidate_update(
            candidate=candidate,
            by=user,
            data={
                "track": "tech",
                "experience_years": 14,
                "phone": "0699887766",
                "skills": "Produit, xylophone",
                "portfolio_url": "https://zephyrine.example.fr",
                "gender": "female",
                "agrees_to_be_contacted": True,
            },
        )
        services.venture_save(
            candidate=candidate,
            by=user,
            data={
                "name": "Xylophonia SAS",
                "role": "cto",
                "start_year": 2012,
                "end_year": 2019,
                "team_size": 20,
                "outcome": "acquired",
                "description": "Une aventure à zanzibar",
            },
        )
        services.cv_upload(
            candidate=candidate,
            by=user,
            uploaded=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        )
        candidacy = services.candidacy_start(candidate=candidate, round_=round_, by=user)
        services.candidacy_update(
            candidacy=candidacy,
            by=user,
            motivation="Ma motivation, écrite à zanzibar.",
            challenge_ids=[challenge.pk],
        )
        services.candidacy_submit(candidacy=candidacy, by=user)
        services.candidacy_withdraw(candidacy=candidacy, by=user, reason="Parti à zanzibar")
    AccessAttempt.objects.create(
        username=EMAIL, ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    )
    LogEntry.objects.log_actions(
        user_id=StaffFactory().pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message="Vu Zephyrine Quatremarre",
    )
    candidate.refresh_from_db()
    return candidate


# The export


def _archive(user) -> zipfile.ZipFile:
    return zipfile.ZipFile(privacy.personal_data_export(user=user))


def test_the_export_holds_everything_about_the_person(person):
    user = person.user
    archive = _archive(user)

    assert set(archive.namelist()) == {"LISEZMOI.txt", "data.json", "cv.pdf"}
    assert archive.read("cv.pdf") == PDF
    data = json.loads(archive.read("data.json"))
    assert data["compte"]["adresse_email"] == EMAIL
    assert (data["compte"]["prenom"], data["compte"]["nom"]) == ("Zephyrine", "Quatremarre")
    assert data["compte"]["adresses_email"] == [
        {"adresse": EMAIL, "verifiee": True, "principale": True}
    ]
    profile = data["profil"]
    assert (profile["telephone"], profile["genre"], profile["profil"]) == (
        "0699887766",
        "female",
        "tech",
    )
    assert profile["cv"]["fichier"] == "cv.pdf"
    assert [action["action"] for action in profile["historique"]][:2] == [
        HistoryAction.PROFILE_CREATED,
        HistoryAction.PROFILE_UPDATED,
    ]
    (venture,) = data["experiences_entrepreneuriales"]
    assert venture["nom"] == "Xylophonia SAS"
    (candidacy,) = data["candidatures"]
    assert candidacy["statut"] == "withdrawn"
    assert candidacy["motivation"] == "Ma motivation, écrite à zanzibar."
    assert candidacy["raison_du_retrait"] == "Parti à zanzibar"
    assert candidacy["voeux"][0]["defi"] == "Simplifier les aides"
    assert [event["action"] for event in candidacy["historique"]] == [
        HistoryAction.CANDIDACY_CREATED,
        HistoryAction.CANDIDACY_UPDATED,
        HistoryAction.CANDIDACY_SUBMITTED,
        HistoryAction.CANDIDACY_WITHDRAWN,
    ]
    assert {event["par"] for event in candidacy["historique"]} == {"vous"}
    subjects = [email["objet"] for email in data["emails_envoyes"]]
    assert len(subjects) == 2
    assert all(email["destinataire"] == EMAIL for email in data["emails_envoyes"])


def test_the_export_is_recorded_and_works_without_a_profile():
    user = CandidateFactory()

    data = json.loads(_archive(user).read("data.json"))

    assert data["profil"] is None
    assert data["candidatures"] == []
    assert event_list_for(user).filter(action=HistoryAction.PERSONAL_DATA_EXPORTED).count() == 1


# The erasure


def _text_columns(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(
            field, models.CharField | models.TextField | models.JSONField | models.FileField
        )
    ]


def _tables_holding(secret: str) -> list[str]:
    """Every model with a row whose text (or JSON) column contains ``secret``."""
    found = []
    for model in apps.get_models():
        columns = _text_columns(model)
        if not columns or not model._meta.managed:
            continue
        annotations, condition = {}, models.Q(pk__in=[])
        for column in columns:
            name = column.attname
            if isinstance(column, models.JSONField):
                name = f"as_text_{column.attname}"
                annotations[name] = Cast(column.attname, models.TextField())
            condition |= models.Q(**{f"{name}__icontains": secret})
        if model._default_manager.annotate(**annotations).filter(condition).exists():
            found.append(model._meta.label)
    return found


def _statistics() -> dict[str, Counter]:
    return {
        "round_status": Counter(Candidacy.objects.values_list("round_id", "status")),
        "track": Counter(Candidacy.objects.values_list("round_id", "candidate__track")),
        "choices": Counter(Candidacy.objects.values_list("choices__challenge_id", flat=True)),
    }


def test_erasure_removes_the_person_from_the_database_and_storage(
    person, django_capture_on_commit_callbacks
):
    user = person.user
    cv_name = person.cv.name
    assert default_storage.exists(cv_name)
    for secret in SECRETS:
        assert _tables_holding(secret), f"the test data should hold {secret}"
    other = application(first_name="Autre", last_name="Personne", status="withdrawn")
    before = _statistics()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_erase(user=user, by=user)

    for secret in SECRETS:
        assert _tables_holding(secret) == [], secret
    assert not default_storage.exists(cv_name)
    assert _statistics() == before
    user.refresh_from_db()
    assert user.email == f"supprime-{user.pk}@anonyme.invalid"
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.check_password(DEFAULT_PASSWORD)
    assert not User.objects.filter(email__iexact=EMAIL).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    person.refresh_from_db()
    assert person.track == "tech"  # what the statistics count stays
    assert not Venture.objects.filter(candidate=person).exists()
    candidacy = person.candidacies.get()
    assert candidacy.anonymised_at is not None
    assert candidacy.status == CandidacyStatus.WITHDRAWN
    assert event_list_for(user).filter(action=HistoryAction.ACCOUNT_ERASED).exists()
    # Nobody else is touched.
    other.refresh_from_db()
    assert other.anonymised_at is None
    assert other.candidate.user.last_name == "Personne"


def test_the_history_keeps_what_happened_without_the_words(person):
    user = person.user
    candidacy = person.candidacies.get()

    privacy.account_erase(user=user, by=user)

    events = list(event_list_for(candidacy))
    assert [event.action for event in events] == [
        HistoryAction.CANDIDACY_CREATED,
        HistoryAction.CANDIDACY_UPDATED,
        HistoryAction.CANDIDACY_SUBMITTED,
        HistoryAction.CANDIDACY_WITHDRAWN,
        HistoryAction.PERSONAL_DATA_ANONYMISED,
    ]
    assert all(event.comment == "" and event.changes == {} for event in events)
    assert [
        (e.from_status, e.to_status)
        for e in events
        if e.action == HistoryAction.CANDIDACY_WITHDRAWN
    ] == [("submitted", "withdrawn")]


def test_only_the_person_or_the_programme_team_may_erase_an_account(person):
    user = person.user

    with pytest.raises(DomainError, match="votre propre compte"):
        privacy.account_erase(user=user, by=CandidateFactory())
    privacy.account_erase(user=user, by=StaffFactory())

    with pytest.raises(DomainError, match="déjà supprimé"):
        privacy.account_erase(user=user, by=StaffFactory())


def test_only_candidates_accounts_are_erased_here(staff):
    with pytest.raises(DomainError, match="candidat·es"):
        privacy.account_erase(user=staff, by=staff)


def test_emails_to_any_case_of_the_address_are_deleted(person):
    Email.objects.create(template="x", to=EMAIL.upper(), subject="Bonjour", body_text="…")
    Email.objects.create(template="x", to="quelqu.un@example.fr", subject="Autre", body_text="…")

    privacy.account_erase(user=person.user, by=person.user)

    assert list(Email.objects.values_list("to", flat=True)) == ["quelqu.un@example.fr"]


# Retention


def test_months_after_keeps_the_day_or_the_last_day_of_a_shorter_month():
    assert privacy.months_after(datetime.date(2030, 1, 15), 3) == datetime.date(2030, 4, 15)
    assert privacy.months_after(datetime.date(2030, 11, 30), 3) == datetime.date(2031, 2, 28)
    assert privacy.months_after(datetime.date(2030, 1, 31), 24) == datetime.date(2032, 1, 31)
    assert privacy.months_after(datetime.date(2030, 3, 31), -1) == datetime.date(2030, 2, 28)


@given(
    day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)),
    months=st.integers(min_value=-60, max_value=60),
)
def test_months_after_moves_whole_months_and_never_overflows_a_month(day, months):
    later = privacy.months_after(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == min(day.day, calendar.monthrange(later.year, later.month)[1])


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


DECIDED = datetime.date(2030, 1, 15)


def _withdrawn(round_=None, **kwargs) -> Candidacy:
    return application(
        round_=round_ or RoundFactory(),
        status="withdrawn",
        withdrawn_at=_at(DECIDED),
        **kwargs,
    )


def _anonymised(candidacy: Candidacy) -> bool:
    candidacy.refresh_from_db()
    return candidacy.anonymised_at is not None


def test_an_unsuccessful_candidate_is_anonymised_after_the_retention_period(
    django_capture_on_commit_callbacks,
):
    candidacy = _withdrawn()
    cv_name = candidacy.candidate.cv.name

    assert privacy.candidacies_anonymise_expired(today=datetime.date(2030, 4, 14)) == []
    assert not _anonymised(candidacy)
    with django_capture_on_commit_callbacks(execute=True):
        done = privacy.candidacies_anonymise_expired(today=datetime.date(2030, 4, 15))

    assert done == [candidacy.candidate_id]
    assert _anonymised(candidacy)
    user = candidacy.candidate.user
    user.refresh_from_db()
    assert user.email.endswith("@anonyme.invalid")
    assert not default_storage.exists(cv_name)
    event = event_list_for(user).get(action=HistoryAction.EXPIRED_DATA_ANONYMISED)
    assert event.actor is None
    assert event.changes == {"conservation_mois": 3}


def test_the_retention_period_is_a_programme_setting():
    programme = current_programme()
    programme.retention_unsuccessful_months = 1
    programme.save()
    candidacy = _withdrawn()

    assert privacy.candidacies_anonymise_expired(today=datetime.date(2030, 2, 15)) == [
        candidacy.candidate_id
    ]


def test_consent_to_be_contacted_extends_the_retention_from_the_last_contact():
    candidacy = _withdrawn()
    candidate = candidacy.candidate
    candidate.agrees_to_be_contacted = True
    candidate.last_contact_at = _at(datetime.date(2030, 6, 1))
    candidate.save()

    assert privacy.candidacies_anonymise_expired(today=datetime.date(2030, 4, 15)) == []
    assert privacy.candidacies_anonymise_expired(today=datetime.date(2032, 5, 31)) == []
    assert not _anonymised(candidacy)
    assert privacy.candidacies_anonymise_expired(today=datetime.date(2032, 6, 1)) == [candidate.pk]
    assert _anonymised(candidacy)


def test_consent_without_a_contact_counts_from_the_decision():
    candidacy = _withdrawn()
    Candidate.objects.filter(pk=candidacy.candidate_id).update(agrees_to_be_contacted=True)

    assert privacy.candidacies_anonymise_expired(today=datetime.date(2031, 1, 14)) == []
    assert privacy.candidacies_anonymise_expired(today=datetime.date(2032, 1, 15)) == [
        candidacy.candidate_id
    ]


def test_a_candidate_with_an_application_under_way_is_kept():
    withdrawn = _withdrawn()
    application(profile=withdrawn.candidate, round_=open_round(), status="submitted")

    assert privacy.candidacies_anonymise_expired(today=datetime.date(2030, 6, 1)) == []
    assert not _anonymised(withdrawn)


def test_a_draft_left_in_a_closed_round_is_not_under_way():
    withdrawn = _withdrawn()
    closed = RoundFactory(opens_on=datetime.date(2030, 1, 1))
    application(profile=withdrawn.candidate, round_=closed, status="draft")

    # The draft's round closed on 5 February 2030: retention counts from there.
    assert privacy.candidacies_anonymise_expired(today=datetime.date(2030, 5, 4)) == []
    assert privacy.candidacies_anonymise_expired(today=datetime.date(2030, 5, 5)) == [
        withdrawn.candidate_id
    ]


def test_anonymisation_is_idempotent():
    candidacy = _withdrawn()
    _withdrawn(first_name="Deux")
    today = datetime.date(2030, 5, 1)

    first = privacy.candidacies_anonymise_expired(today=today)
    events = list(event_list_for(candidacy).values_list("pk", flat=True))
    user = candidacy.candidate.user
    user.refresh_from_db()
    email = user.email

    assert len(first) == 2
    assert privacy.candidacies_anonymise_expired(today=today) == []
    assert privacy.candidacies_anonymise_expired(today=today + datetime.timedelta(days=400)) == []
    assert list(event_list_for(candidacy).values_list("pk", flat=True)) == events
    user.refresh_from_db()
    assert user.email == email


def test_an_erased_account_is_not_anonymised_again(person):
    privacy.account_erase(user=person.user, by=person.user)

    assert privacy.candidacies_anonymise_expired(today=datetime.date(2040, 1, 1)) == []
    assert (
        not event_list_for(person.user)
        .filter(action=HistoryAction.EXPIRED_DATA_ANONYMISED)
        .exists()
    )


def test_other_apps_erase_what_they_keep_in_the_same_transaction(person, monkeypatch):
    seen = []
    monkeypatch.setattr(privacy, "ERASERS", [])
    privacy.eraser_register(lambda candidate: seen.append(candidate.phone))

    privacy.account_erase(user=person.user, by=person.user)

    assert seen == ["0699887766"]  # called before the profile is emptied


def test_a_recruited_person_s_file_is_kept_with_their_contract():
    hired = application(status="hired")
    user = hired.candidate.user

    with pytest.raises(DomainError, match="recruté·e"):
        privacy.account_erase(user=user, by=user)

    user.refresh_from_db()
    assert user.is_active
