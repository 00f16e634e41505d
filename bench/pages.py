"""Time the pages that read years of data: a benchmark, not a test (see bench/README.md).

    EIG_DEVELOPMENT=1 .venv/bin/python bench/pages.py [--runs 20] [--scale 1]

It builds its own database, never the one you work with: by default a throwaway SQLite
file in a temporary folder; with ``DATABASE_URL`` set, Django's test database of that
server (``test_<name>``), created and dropped around the run like the test suite does.
It fills it with ``bulk_create`` (10 promotions of 30 défis with indicators and
measurements, 3,000 applications, 300 contracts, 2,000 historical participants, 300
alumni surveys, times ``--scale``), then requests each page with Django's test client,
as a member of the programme team or anonymously, and prints, per page: the HTTP
status, the number of SQL queries, the median and 95th percentile of ``--runs`` timed
requests (after one untimed warm-up request), and the size of the response.
"""

import argparse
import datetime
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMOTIONS = 10
CHALLENGES_PER_PROMOTION = 30
INDICATORS_PER_CHALLENGE = 2
MEASUREMENTS_PER_INDICATOR = 12
ORGANISATIONS = 120
APPLICATIONS = 3_000
CONTRACTS = 300
HISTORICAL_PARTICIPANTS = 2_000
ALUMNI_SURVEYS = 300
ROUNDS_PER_PROMOTION = 6
BATCH = 500


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    as_staff: bool = False
    query: str = ""


PAGES = (
    Page("Pilotage du programme (équipe)", "impact:staff_dashboard", as_staff=True),
    Page("Page Impact", "impact:page"),
    Page("Catalogue des défis", "challenges:catalogue"),
    Page("Catalogue des défis, page 3", "challenges:catalogue", query="page=3"),
    Page("Données ouvertes (page)", "impact:opendata"),
    Page("Défis publics (CSV)", "challenges:opendata_csv"),
    Page("Défis publics (JSON)", "challenges:opendata_json"),
    Page("Chiffres publics (CSV)", "impact:figures_csv"),
    Page("Chiffres publics (JSON)", "impact:figures_json"),
    Page("Chiffres par promotion (CSV)", "impact:promotions_csv"),
    Page("Chiffres par promotion (JSON)", "impact:promotions_json"),
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (20)")
    parser.add_argument(
        "--scale", type=int, default=1, help="multiply every volume by this number (1)"
    )
    return parser.parse_args()


def _configure() -> str | None:
    """Point Django at a throwaway database; return the temporary folder to remove."""
    os.environ.setdefault("EIG_DEVELOPMENT", "1")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    folder = None
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="eig-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("EIG_MEDIA_ROOT", folder or tempfile.mkdtemp(prefix="eig-bench-"))
    return folder


def _batches[T](items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    created: list[Any] = []
    for batch in _batches(rows):
        created.extend(model.objects.bulk_create(batch))
    return created


def generate(scale: int) -> dict[str, int]:
    """Years of synthetic data, written with ``bulk_create``. Returns the row counts."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from eig.accounts.enums import Role
    from eig.accounts.models import User
    from eig.candidacies.enums import CandidacyStatus
    from eig.candidacies.models import Candidacy, Candidate
    from eig.challenges.enums import PUBLIC_STATUSES, ChallengeStatus, Outcome
    from eig.challenges.models import Challenge, Indicator, Measurement
    from eig.contracts.enums import OfferStatus, RenewalDecision
    from eig.contracts.models import Contract, Offer
    from eig.impact.enums import SurveyWave, Workplace
    from eig.impact.models import AlumniPath, HistoricalParticipant
    from eig.organisations.enums import OrganisationKind
    from eig.organisations.models import Organisation
    from eig.programmes.models import PayGrid, PayLevel, Programme, Promotion, Round

    today = timezone.localdate()
    now = timezone.now()
    programme = Programme.objects.get(slug="eig")
    pay_level = PayLevel.objects.filter(grid__in=PayGrid.objects.filter(programme=programme))
    level = pay_level.order_by("level").first()
    if level is None:  # the data migration creates the grid; keep going without it
        grid = PayGrid.objects.create(
            programme=programme, name="Grille bench", valid_from=datetime.date(2016, 1, 1)
        )
        level = PayLevel.objects.create(
            grid=grid,
            level=1,
            monthly_net=Decimal("4250.00"),
            variable_rate=Decimal("6.00"),
            min_experience_years=0,
        )

    # Promotions, one a year up to this year's, and their two-monthly rounds.
    promotions = _bulk(
        Promotion,
        [
            Promotion(
                programme=programme,
                number=100 + index,
                label=f"Promotion de banc d’essai {index}",
                year=today.year - PROMOTIONS + index,
                cap=CONTRACTS * scale // PROMOTIONS,
            )
            for index in range(1, PROMOTIONS + 1)
        ],
    )
    rounds_by_promotion: dict[int, list[Round]] = {}
    round_rows = []
    for promotion in promotions:
        for number in range(1, ROUNDS_PER_PROMOTION + 1):
            opens_on = datetime.date(promotion.year, 2 * number - 1, 1)
            round_rows.append(
                Round(
                    promotion=promotion,
                    number=number,
                    opens_on=opens_on,
                    challenge_deadline=opens_on + datetime.timedelta(weeks=3),
                    application_deadline=opens_on + datetime.timedelta(weeks=5),
                    committee_on=opens_on + datetime.timedelta(weeks=7),
                    starts_on=opens_on + datetime.timedelta(weeks=9),
                )
            )
    for round_ in _bulk(Round, round_rows):
        rounds_by_promotion.setdefault(round_.promotion_id, []).append(round_)

    kinds = [kind for kind, _label in OrganisationKind.choices] + [""]
    organisations = _bulk(
        Organisation,
        [
            Organisation(
                kind=kinds[index % len(kinds)],
                name=f"Administration de banc d’essai n° {index}",
                acronym=f"ABE{index}",
                siret=f"{99_000_000_000_000 + index}",
            )
            for index in range(ORGANISATIONS * scale)
        ],
    )

    # Défis: those of past promotions completed (with an outcome), this year's spread
    # over the whole workflow.
    statuses = list(ChallengeStatus)
    outcomes = list(Outcome)
    challenge_rows = []
    for promotion in promotions:
        current = promotion.year == today.year
        rounds = rounds_by_promotion[promotion.pk]
        for index in range(CHALLENGES_PER_PROMOTION * scale):
            status = statuses[index % len(statuses)] if current else ChallengeStatus.COMPLETED
            challenge_rows.append(
                Challenge(
                    organisation=organisations[(index * 7 + promotion.number) % len(organisations)],
                    round=rounds[index % len(rounds)],
                    promotion=promotion,
                    status=status,
                    title=f"Défi {index} de la {promotion.label}",
                    problem="Les usagers attendent des mois une réponse à leur demande.",
                    public_summary="Un service en ligne pour répondre plus vite aux usagers.",
                    wants_product=index % 2 == 0,
                    wants_tech=index % 3 != 0,
                    outcome=outcomes[index % len(outcomes)]
                    if status == ChallengeStatus.COMPLETED
                    else "",
                    outcome_text="Le service est repris par l’équipe de l’administration."
                    if status == ChallengeStatus.COMPLETED
                    else "",
                    submitted_at=now,
                    decided_at=now if status in PUBLIC_STATUSES else None,
                )
            )
    challenges = _bulk(Challenge, challenge_rows)
    indicators = _bulk(
        Indicator,
        [
            Indicator(
                challenge=challenge,
                name=f"Indicateur {position}",
                unit="jours",
                baseline=Decimal(90),
                target=Decimal(15),
                data_source="Tableau de bord du service",
                position=position,
            )
            for challenge in challenges
            for position in range(INDICATORS_PER_CHALLENGE)
        ],
    )
    measurements = _bulk(
        Measurement,
        [
            Measurement(
                indicator=indicator,
                value=Decimal(90 - 6 * month),
                measured_on=today - datetime.timedelta(days=30 * month),
            )
            for indicator in indicators
            for month in range(MEASUREMENTS_PER_INDICATOR)
        ],
    )

    # Applications, each from its own candidate, over every round.
    all_rounds = [round_ for rounds in rounds_by_promotion.values() for round_ in rounds]
    applications = APPLICATIONS * scale
    unusable = make_password(None)
    users = _bulk(
        User,
        [
            User(
                email=f"candidat-bench-{index}@example.fr",
                first_name="Prénom",
                last_name=f"Nom {index}",
                role=Role.CANDIDATE,
                password=unusable,  # nobody signs in with these accounts
            )
            for index in range(applications)
        ],
    )
    candidates = _bulk(
        Candidate,
        [
            Candidate(user=user, track="product" if index % 2 else "tech", experience_years=12)
            for index, user in enumerate(users)
        ],
    )
    application_statuses = [
        CandidacyStatus.SUBMITTED,
        CandidacyStatus.INELIGIBLE,
        CandidacyStatus.NOT_RETAINED,
        CandidacyStatus.POOL,
        CandidacyStatus.WITHDRAWN,
        CandidacyStatus.DRAFT,
    ]
    contracts_wanted = CONTRACTS * scale
    candidacy_rows = []
    for index, candidate in enumerate(candidates):
        hired = index < contracts_wanted
        candidacy_rows.append(
            Candidacy(
                candidate=candidate,
                round=all_rounds[index % len(all_rounds)],
                status=CandidacyStatus.HIRED
                if hired
                else application_statuses[index % len(application_statuses)],
                motivation="Mettre mon expérience au service de l’action publique.",
                submitted_at=None if index % len(application_statuses) == 5 and not hired else now,
            )
        )
    candidacies = _bulk(Candidacy, candidacy_rows)

    # Contracts of the hired, from their accepted offer; the previous promotion's end
    # within the next months, as they would.
    round_by_pk = {round_.pk: round_ for round_ in all_rounds}
    challenges_by_promotion: dict[int, list[Challenge]] = {}
    for challenge in challenges:
        challenges_by_promotion.setdefault(challenge.promotion_id, []).append(challenge)
    offer_rows = []
    for index, candidacy in enumerate(candidacies[:contracts_wanted]):
        round_ = round_by_pk[candidacy.round_id]
        offer_rows.append(
            Offer(
                candidacy=candidacy,
                challenge=challenges_by_promotion[round_.promotion_id][index % 7],
                promotion_id=round_.promotion_id,
                pay_level=level,
                level=level.level,
                monthly_net=level.monthly_net,
                variable_rate=level.variable_rate,
                start_date=round_.starts_on,
                expires_at=now,
                status=OfferStatus.ACCEPTED,
                answered_at=now,
            )
        )
    offers = _bulk(Offer, offer_rows)
    contracts = _bulk(
        Contract,
        [
            Contract(
                offer=offer,
                person_id=offer.candidacy.candidate.user_id,
                candidacy=offer.candidacy,
                challenge=offer.challenge,
                promotion_id=offer.promotion_id,
                pay_level=level,
                level=level.level,
                monthly_net=level.monthly_net,
                variable_rate=level.variable_rate,
                start_date=offer.start_date,
                end_date=offer.start_date + datetime.timedelta(days=364),
                renewal_decision=RenewalDecision.PENDING
                if offer.start_date + datetime.timedelta(days=364) >= today
                else RenewalDecision.ENDED,
            )
            for offer in offers
        ],
    )

    # The imported history: anonymous participants linked to promotions and défis.
    participants = _bulk(
        HistoricalParticipant,
        [
            HistoricalParticipant(
                source_ref=f"bench:personnes/personne-{index:05d}.md",
                job="Développeur" if index % 2 else "Designer",
                expertises=["Produit", "Données"],
            )
            for index in range(HISTORICAL_PARTICIPANTS * scale)
        ],
    )
    promotion_links = HistoricalParticipant.promotions.through
    challenge_links = HistoricalParticipant.challenges.through
    _bulk(
        promotion_links,
        [
            promotion_links(
                historicalparticipant_id=participant.pk,
                promotion_id=promotions[index % len(promotions)].pk,
            )
            for index, participant in enumerate(participants)
        ],
    )
    _bulk(
        challenge_links,
        [
            challenge_links(
                historicalparticipant_id=participant.pk,
                challenge_id=challenges[index % len(challenges)].pk,
            )
            for index, participant in enumerate(participants)
        ],
    )

    # Alumni surveys of the contracts over, two thirds answered.
    workplaces = list(Workplace)
    surveys = _bulk(
        AlumniPath,
        [
            AlumniPath(
                person_id=contract.person_id,
                promotion_id=contract.promotion_id,
                wave=SurveyWave.SIX_MONTHS if index % 2 else SurveyWave.TWELVE_MONTHS,
                contract_end=contract.end_date,
                token=f"jeton-bench-{index:06d}",
                answer=workplaces[index % len(workplaces)] if index % 3 else "",
                answered_at=now if index % 3 else None,
            )
            for index, contract in enumerate(contracts[: ALUMNI_SURVEYS * scale])
        ],
    )
    return {
        "promotions": len(promotions),
        "sessions": len(all_rounds),
        "administrations": len(organisations),
        "défis": len(challenges),
        "indicateurs": len(indicators),
        "mesures": len(measurements),
        "candidatures": len(candidacies),
        "contrats": len(contracts),
        "EIG de l’historique": len(participants),
        "enquêtes alumni": len(surveys),
    }


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with ``share`` of them at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def _fetch(client: Any, url: str) -> tuple[int, int]:
    """Request ``url`` and read the whole body (streamed files included)."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(body)


@dataclass(frozen=True)
class Measure:
    page: Page
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    size: int


def measure(page: Page, client: Any, runs: int, url_of: Callable[[Page], str]) -> Measure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = url_of(page)
    with CaptureQueriesContext(connection) as queries:
        status, size = _fetch(client, url)  # warm-up, and the query count
    # Counted now: the next requests reset the log the context reads.
    query_count = len(queries.captured_queries)
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        _fetch(client, url)
        timings.append((time.perf_counter() - started) * 1000)
    return Measure(
        page=page,
        status=status,
        queries=query_count,
        median_ms=statistics.median(timings),
        p95_ms=_percentile(timings, 0.95),
        size=size,
    )


def _report(measures: list[Measure], counts: dict[str, int], runs: int, engine: str) -> None:
    print()
    print(f"Base : {engine}. Données générées :")
    print("  " + ", ".join(f"{count} {name}" for name, count in counts.items()))
    print(f"Chaque page : 1 requête d’échauffement (comptée en SQL), puis {runs} chronométrées.")
    print()
    header = (
        f"{'Page':<36} {'Qui':<8} {'HTTP':>4} {'SQL':>4} {'médiane':>9} {'p95':>9} {'taille':>9}"
    )
    print(header)
    print("-" * len(header))
    for item in measures:
        who = "équipe" if item.page.as_staff else "anonyme"
        print(
            f"{item.page.label:<36} {who:<8} {item.status:>4} {item.queries:>4} "
            f"{item.median_ms:>7.1f}ms {item.p95_ms:>7.1f}ms {item.size / 1024:>7.1f}Ko"
        )
    missing = [item.page.label for item in measures if item.status == 404]
    if missing:
        print()
        print("En 404 (page pas encore écrite ?) : " + ", ".join(missing))


def main() -> int:
    arguments = _arguments()
    folder = _configure()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )
    from django.urls import reverse

    # Sign-ins of the test client are no news here.
    logging.getLogger("axes").setLevel(logging.WARNING)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # The throwaway file itself, rather than the in-memory database of the tests.
        database["TEST"]["NAME"] = database["NAME"]
    setup_test_environment(debug=False)
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        started = time.perf_counter()
        counts = generate(arguments.scale)
        print(f"Données générées en {time.perf_counter() - started:.1f} s.", flush=True)

        from eig.accounts.enums import Role
        from eig.accounts.models import User

        staff = User.objects.create(email="equipe-bench@numerique.gouv.fr", role=Role.STAFF)
        staff_client = Client()
        staff_client.force_login(staff)
        anonymous = Client()

        def url_of(page: Page) -> str:
            url = reverse(page.url_name)
            return f"{url}?{page.query}" if page.query else url

        measures = [
            measure(page, staff_client if page.as_staff else anonymous, arguments.runs, url_of)
            for page in PAGES
        ]
        _report(measures, counts, arguments.runs, connection.vendor)
    finally:
        connection.close()
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
