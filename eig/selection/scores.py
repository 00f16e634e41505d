"""The file scores of an application, defined once: one mean per submitted file review,
then the mean, median and spread (max − min) of those means, each rounded to the
hundredth (half up).

Pure functions of the scores, so that the services keeping the board's columns up to
date (``eig.selection.services.reviews.file_scores_refresh``), the data migration that
filled them, and the application page compute the very same figures.
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Reviewers disagree strongly when their means are this far apart (on a 0–5 scale).
DISAGREEMENT_SPREAD = Decimal(2)
TWO_PLACES = Decimal("0.01")


def _round2(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def review_mean(values: Iterable[int | Decimal]) -> Decimal | None:
    """The mean of one review's scores (None without any)."""
    given = list(values)
    return _round2(statistics.fmean(given)) if given else None


def disagrees(spread: Decimal | None) -> bool:
    return spread is not None and spread >= DISAGREEMENT_SPREAD


@dataclass(frozen=True)
class Aggregate:
    """The mean, median and spread of an application's review means."""

    review_means: list[Decimal]

    @property
    def count(self) -> int:
        return len(self.review_means)

    @property
    def mean(self) -> Decimal | None:
        return _round2(statistics.fmean(self.review_means)) if self.review_means else None

    @property
    def median(self) -> Decimal | None:
        return _round2(statistics.median(self.review_means)) if self.review_means else None

    @property
    def spread(self) -> Decimal | None:
        if len(self.review_means) < 2:
            return None
        return _round2(max(self.review_means) - min(self.review_means))

    @property
    def disagreement(self) -> bool:
        return disagrees(self.spread)


@dataclass(frozen=True)
class FileReview:
    """What the figures need of one file review: whether it is submitted, its scores."""

    submitted: bool
    values: tuple[int, ...] = ()


def aggregate_of(reviews: Iterable[FileReview]) -> Aggregate:
    """Only submitted reviews with at least one score count."""
    means = [
        mean
        for review in reviews
        if review.submitted and (mean := review_mean(review.values)) is not None
    ]
    return Aggregate(review_means=means)


@dataclass(frozen=True)
class FileScores:
    """The figures the board shows of an application, as its columns keep them."""

    reviews_assigned: int
    reviews_submitted: int
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None


def file_scores(reviews: Iterable[FileReview]) -> FileScores:
    reviews = list(reviews)
    aggregate = aggregate_of(reviews)
    return FileScores(
        reviews_assigned=len(reviews),
        reviews_submitted=sum(1 for review in reviews if review.submitted),
        mean=aggregate.mean,
        median=aggregate.median,
        spread=aggregate.spread,
    )


def file_scores_by_candidacy(
    candidacy_ids: Iterable[int],
    reviews: Iterable[tuple[int, int, bool]],
    scores: Iterable[tuple[int, int]],
) -> dict[int, FileScores]:
    """The figures of each application from plain rows, as two queries give them: its file
    reviews as (review id, candidacy id, submitted) and their scores as (review id, value)."""
    values: dict[int, list[int]] = {}
    for review_id, value in scores:
        values.setdefault(review_id, []).append(value)
    of: dict[int, list[FileReview]] = {pk: [] for pk in candidacy_ids}
    for review_id, candidacy_id, submitted in reviews:
        of.setdefault(candidacy_id, []).append(
            FileReview(submitted=submitted, values=tuple(values.get(review_id, ())))
        )
    return {pk: file_scores(reviews_of) for pk, reviews_of in of.items()}
