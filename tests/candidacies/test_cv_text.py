"""The CV's text for blind reviewers: extracted after the upload, without what names the
person (name, e-mail, phone, links, ventures), whatever its case and accents."""

import io
import re
import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from eig.candidacies.cv_text import (
    NAME_PARTICLES,
    REDACTED_EMAIL,
    REDACTED_LINK,
    REDACTED_NAME,
    REDACTED_PHONE,
    REDACTED_VENTURE,
    KnownValues,
    cv_text_prepare,
    redact,
)
from eig.candidacies.enums import CvTextStatus
from eig.candidacies.privacy import account_erase
from eig.candidacies.services import cv_upload
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from tests.factories import CandidateFactory, CandidateProfileFactory, VentureFactory
from tests.pdfs import minimal_pdf, pdf_with_text

CV_LINES = (
    "Zoé Vasseur — directrice produit",
    "zoe.vasseur@example.org · 06 12 34 56 78 · https://www.linkedin.com/in/zoe-vasseur",
    "2015–2020 : cofondatrice de Pépite Santé (rachetée), 12 personnes.",
    "Références : ZOE VASSEUR, portfolio zoe-vasseur.example.org, forge gitlab.com/zvasseur",
)


def _zoe(**profile):
    user = CandidateFactory(first_name="Zoé", last_name="Vasseur", email="zoe.vasseur@example.org")
    candidate = CandidateProfileFactory(
        user=user,
        phone="+33 6 12 34 56 78",
        professional_url="https://www.linkedin.com/in/zoe-vasseur",
        code_url="https://gitlab.com/zvasseur",
        **profile,
    )
    VentureFactory(candidate=candidate, name="Pépite Santé")
    return candidate


def _plain(text: str) -> str:
    """Without accents nor case: « Hélène » is « helene »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Redaction, by example


def test_the_name_e_mail_phone_links_and_ventures_are_masked_whatever_case_and_accents():
    known = KnownValues(
        names=("Zoé", "Vasseur", "Zoé Vasseur"),
        emails=("zoe.vasseur@example.org",),
        phones=("+33 6 12 34 56 78",),
        links=("https://www.linkedin.com/in/zoe-vasseur", "https://gitlab.com/zvasseur"),
        ventures=("Pépite Santé",),
    )
    text = redact("\n".join(CV_LINES), known)
    assert text.splitlines() == [
        f"{REDACTED_NAME} — directrice produit",
        f"{REDACTED_EMAIL} · {REDACTED_PHONE} · {REDACTED_LINK}",
        f"2015–2020 : cofondatrice de {REDACTED_VENTURE} (rachetée), 12 personnes.",
        f"Références : {REDACTED_NAME}, portfolio {REDACTED_LINK}, forge {REDACTED_LINK}",
    ]


def test_unknown_addresses_phones_and_links_are_masked_too_but_years_stay():
    text = redact(
        "Écrire à j.d@mail.example, au 01.23.45.67.89 ou au +1 415 555 0100 ; "
        "voir www.exemple.fr/cv et https://exemple.io. De 2015 à 2018, puis 2019-2021 ; Node.js.",
        KnownValues(),
    )
    assert text == (
        f"Écrire à {REDACTED_EMAIL}, au {REDACTED_PHONE} ou au {REDACTED_PHONE} ; "
        f"voir {REDACTED_LINK} et {REDACTED_LINK} De 2015 à 2018, puis 2019-2021 ; Node.js."
    )


def test_a_name_is_masked_as_a_word_and_its_particles_stay():
    known = KnownValues(names=("Jean-Pierre", "de La Tour"))
    text = redact("JEAN-PIERRE de la Tour, dit Jean. La Tourelle ; de la Tour ; la tour.", known)
    assert text == (
        f"{REDACTED_NAME} {REDACTED_NAME}, dit {REDACTED_NAME}. La Tourelle ; "
        f"{REDACTED_NAME} ; la {REDACTED_NAME}."
    )


def test_decomposed_accents_and_ligatures_of_pdf_text_are_matched():
    known = KnownValues(names=("Hélène", "Fiévet"))
    assert redact("He\u0301le\u0300ne \ufb01e\u0301vet", known) == (
        f"{REDACTED_NAME} {REDACTED_NAME}"
    )


# Redaction, for all names, e-mails and phones

LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœæ"
NAME_PARTS = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=2, max_size=14).filter(
    lambda part: part.casefold() not in NAME_PARTICLES
)
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from([" ", "-"]).map(lambda sep: sep.join(parts))
)
# French numbers as people write them, and a few foreign ones.
PHONES = st.tuples(
    st.integers(1, 9),
    st.lists(st.integers(0, 99), min_size=4, max_size=4),
    st.sampled_from(["0{a} {b}", "0{a}.{b}", "0{a}{c}", "+33 {a} {b}", "+33 (0){a} {b}"]),
).map(
    lambda t: t[2].format(
        a=t[0], b=" ".join(f"{n:02}" for n in t[1]), c="".join(f"{n:02}" for n in t[1])
    )
)
FOREIGN_PHONES = st.tuples(
    st.sampled_from(["+1", "+44", "+49", "0032"]), st.integers(10**7, 10**10)
).map(lambda t: f"{t[0]} {t[1]}")
FILLER_WORDS = (
    "J’ai dirigé une équipe de produit chez à Paris la le CTO ( ) , . ; : — 2015 entre et"
)
FILLER = st.lists(st.sampled_from(FILLER_WORDS.split()), max_size=12).map(" ".join)
WRITTEN = st.sampled_from(["{}", "{}", "{},", "({})", "« {} »", "{}."])


def _embed(draw, values):
    parts = [draw(FILLER)]
    for value in values:
        parts += [draw(WRITTEN).format(value), draw(FILLER)]
    return " ".join(parts)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), first=NAMES, last=NAMES, email=st.emails(), phone=PHONES)
def test_no_known_name_e_mail_or_phone_survives_the_redaction(data, first, last, email, phone):
    written_name = data.draw(
        st.sampled_from([first, last, f"{first} {last}", f"{last.upper()} {first}"])
    )
    written_phone = data.draw(st.sampled_from([phone, phone.replace(" ", "")]))
    text = _embed(data.draw, [written_name, email, written_phone, _plain(last).upper()])
    known = KnownValues(
        names=(first, last, f"{first} {last}"), emails=(email,), phones=(phone.replace(" ", ""),)
    )
    redacted = redact(text, known)

    # The marks' own words (« [adresse e-mail masquée] ») are not what was written: a
    # candidate called Adresse or Nom is checked on the text around them.
    unmarked = redacted
    for mark in (REDACTED_NAME, REDACTED_EMAIL, REDACTED_PHONE, REDACTED_LINK, REDACTED_VENTURE):
        unmarked = unmarked.replace(mark, " ")
    words = set(re.findall(r"\w+", _plain(unmarked)))
    for part in re.split(r"[\s-]+", f"{first} {last}"):
        if part.casefold() not in NAME_PARTICLES and len(part) >= 2:
            assert _plain(part) not in words, (part, redacted)
    assert email.casefold() not in redacted.casefold()
    assert re.sub(r"\D", "", phone)[-9:] not in re.sub(r"\D", "", redacted)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), email=st.emails(), phone=st.one_of(PHONES, FOREIGN_PHONES))
def test_no_e_mail_or_phone_survives_even_unknown_to_the_profile(data, email, phone):
    redacted = redact(_embed(data.draw, [email, phone]), KnownValues())
    assert "@" not in redacted
    assert re.sub(r"\D", "", phone)[-8:] not in re.sub(r"\D", "", redacted), redacted


# Extraction, after the upload


def _upload(candidate, content: bytes):
    upload = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")
    return cv_upload(candidate=candidate, by=candidate.user, uploaded=upload)


@pytest.mark.django_db
def test_an_upload_queues_the_extraction_and_stores_only_the_redacted_text(
    django_capture_on_commit_callbacks,
):
    candidate = _zoe()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(candidate, pdf_with_text(*CV_LINES))
    candidate.refresh_from_db()
    assert candidate.cv_text_status == CvTextStatus.READY
    assert "directrice produit" in candidate.cv_text
    assert "cofondatrice de [entreprise masquée] (rachetée)" in candidate.cv_text
    for identifying in ("zoe", "vasseur", "pepite", "06", "linkedin", "zvasseur"):
        assert identifying not in _plain(candidate.cv_text), identifying
    assert [event.action for event in event_list_for(candidate)][
        -1
    ] == HistoryAction.CV_TEXT_PREPARED


@pytest.mark.django_db
def test_a_new_upload_empties_the_old_text_until_its_own_is_ready(
    django_capture_on_commit_callbacks,
):
    candidate = _zoe()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(candidate, pdf_with_text(*CV_LINES))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _upload(candidate, pdf_with_text("Un autre CV, tout neuf, pour une autre session."))
    candidate.refresh_from_db()
    assert (candidate.cv_text, candidate.cv_text_status) == ("", CvTextStatus.PENDING)
    for callback in callbacks:
        callback()
    candidate.refresh_from_db()
    assert candidate.cv_text == "Un autre CV, tout neuf, pour une autre session."


@pytest.mark.django_db
def test_a_scanned_cv_has_no_text_to_show(django_capture_on_commit_callbacks):
    candidate = _zoe()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(candidate, minimal_pdf())
    candidate.refresh_from_db()
    assert (candidate.cv_text, candidate.cv_text_status) == ("", CvTextStatus.NO_TEXT)


@pytest.mark.django_db
def test_an_unreadable_cv_is_marked_failed():
    candidate = _zoe(complete=True)  # the factory's CV is not a real PDF
    assert cv_text_prepare(candidate_id=candidate.pk, cv_name=candidate.cv.name) == "failed"
    candidate.refresh_from_db()
    assert candidate.cv_text_status == CvTextStatus.FAILED


@pytest.mark.django_db
def test_a_job_for_a_replaced_cv_does_nothing():
    candidate = _zoe()
    candidate.cv.save("cv.pdf", ContentFile(pdf_with_text(*CV_LINES)), save=True)
    assert cv_text_prepare(candidate_id=candidate.pk, cv_name="candidates/cv/old.pdf") == ""
    candidate.refresh_from_db()
    assert candidate.cv_text_status == ""


@pytest.mark.django_db
def test_the_command_queues_the_cvs_uploaded_before_the_extraction_existed(
    django_capture_on_commit_callbacks,
):
    candidate = _zoe()
    candidate.cv.save("cv.pdf", ContentFile(pdf_with_text(*CV_LINES)), save=True)
    ready = CandidateProfileFactory()
    ready.cv.save("cv.pdf", ContentFile(minimal_pdf()), save=False)
    ready.cv_text_status = CvTextStatus.NO_TEXT
    ready.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prepare_cv_texts", stdout=(output := io.StringIO()))
    assert output.getvalue() == "1 CV à préparer.\n"
    candidate.refresh_from_db()
    assert candidate.cv_text_status == CvTextStatus.READY


@pytest.mark.django_db
def test_erasing_the_account_erases_the_text(django_capture_on_commit_callbacks):
    candidate = _zoe()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(candidate, pdf_with_text(*CV_LINES))
        account_erase(user=candidate.user, by=candidate.user)
    candidate.refresh_from_db()
    assert (candidate.cv_text, candidate.cv_text_status) == ("", "")
