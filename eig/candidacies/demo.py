"""Demo candidates: one who applied to the round open now, one still building a profile
(a demo step listed in ``EIG_DEMO_STEPS``, after the défis')."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from eig.accounts.demo import demo_email
from eig.accounts.models import User
from eig.candidacies.models import Candidacy, Candidate
from eig.candidacies.selectors.candidate import challenges_open_to
from eig.candidacies.services import (
    candidacy_start,
    candidacy_submit,
    candidacy_update,
    candidate_get_or_create,
    candidate_update,
    cv_upload,
    venture_save,
)
from eig.core.french import plural
from eig.programmes.enums import Track
from eig.programmes.selectors import round_open_for_applications


def _demo_cv() -> bytes:
    """A one-page PDF, small and valid (pypdf opens it, as uploads require), standing for a CV."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


DEMO_CV = _demo_cv()


def demo_candidacies_seed() -> str:
    """The demo applications created, in words."""
    created = _demo_candidacies_seed()
    return plural(created, "{n} nouvelle candidature", "{n} nouvelles candidatures")


def _demo_candidacies_seed() -> int:
    applicant = User.objects.get(email=demo_email("candidate.produit"))
    newcomer = User.objects.get(email=demo_email("candidat.technique"))
    _profile(newcomer, Track.TECH, with_venture=False)
    round_ = round_open_for_applications()
    if round_ is None or Candidacy.objects.filter(candidate__user=applicant).exists():
        return 0
    candidate = _profile(applicant, Track.PRODUCT, with_venture=True)
    wishes = [challenge.pk for challenge in challenges_open_to(candidate, round_)][:3]
    if not wishes:
        return 0
    candidacy = candidacy_start(candidate=candidate, round_=round_, by=applicant)
    candidacy = candidacy_update(
        candidacy=candidacy,
        by=applicant,
        motivation=(
            "Après dix ans à créer des produits numériques, je veux mettre cette expérience "
            "au service d’une politique publique et de ses usagers."
        ),
        challenge_ids=wishes,
    )
    candidacy_submit(candidacy=candidacy, by=applicant)
    return 1


def _profile(user: User, track: str, *, with_venture: bool) -> Candidate:
    candidate = candidate_get_or_create(by=user)
    if candidate.track:
        return candidate
    candidate = candidate_update(
        candidate=candidate,
        by=user,
        data={
            "track": track,
            "experience_years": 12 if with_venture else 8,
            "skills": "Stratégie produit, recherche utilisateur, animation d’équipe",
            "professional_url": "https://www.example.fr/profil",
        },
    )
    if with_venture:
        venture_save(
            candidate=candidate,
            by=user,
            data={
                "name": "Kiosque Santé",
                "role": "cofounder",
                "start_year": 2014,
                "end_year": 2021,
                "team_size": 18,
                "outcome": "acquired",
                "description": "Cofondatrice et directrice produit d’un service de santé.",
            },
        )
        upload = SimpleUploadedFile("cv.pdf", DEMO_CV, content_type="application/pdf")
        candidate = cv_upload(candidate=candidate, by=user, uploaded=upload)
    return candidate
