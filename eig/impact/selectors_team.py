"""A défi's team as the public sees it: anonymous by construction."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from eig.challenges.models import Challenge
from eig.contracts.models import Contract
from eig.programmes.enums import Track


@dataclass(frozen=True)
class PublicTeam:
    """A défi's EIGs as the public sees them: how many, and their jobs (never a person)."""

    count: int
    jobs: list[tuple[str, int]]

    @property
    def jobs_display(self) -> str:
        """ "designer, développeur (2)": each job once, with its count when above one."""
        return ", ".join(job if count == 1 else f"{job} ({count})" for job, count in self.jobs)


def public_team(*, challenge: Challenge) -> PublicTeam:
    """The EIGs of ``challenge`` in one query: imported ones with their job, recruited
    ones with their track (each person once, however many contracts they had)."""
    if challenge.source_ref:
        jobs = Counter(
            (job.strip() or _("métier non précisé")).lower()
            for job in challenge.historical_participants.values_list("job", flat=True)
        )
    else:
        tracks = dict(
            Contract.objects.filter(challenge=challenge).values_list(
                "person_id", "candidacy__candidate__track"
            )
        )
        jobs = Counter(
            str(Track(track).label).lower() if track else _("profil non précisé")
            for track in tracks.values()
        )
    return PublicTeam(
        count=sum(jobs.values()), jobs=sorted(jobs.items(), key=lambda item: (-item[1], item[0]))
    )
