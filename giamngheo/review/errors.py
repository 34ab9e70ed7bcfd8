"""Errors a review service raises; each carries a Vietnamese message meant for the person at the screen."""

from __future__ import annotations

from giamngheo.review.workflow import DateOutOfOrder, StepOutOfOrder


class ReviewError(ValueError):
    """The request breaks a rule of the review procedure; nothing was written."""


class RoundNotFound(LookupError):
    """The round (or commune, household) does not exist or lies outside the user's scope: callers cannot tell."""


REVIEW_ERRORS = (ReviewError, StepOutOfOrder, DateOutOfOrder)
