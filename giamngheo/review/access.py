"""The one door to review rounds and issued documents: scoped by the round's commune."""

from __future__ import annotations

from django.db.models import QuerySet

from giamngheo.accounts.access import access_unit, can, path_filter, scope_paths
from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit
from giamngheo.review.errors import RoundNotFound
from giamngheo.review.models import IssuedDocument, ReviewRound


def rounds_visible_to(user: User) -> QuerySet[ReviewRound]:
    if not can(user, "view_households"):
        return ReviewRound.objects.none()
    return ReviewRound.objects.filter(path_filter(scope_paths(user), "commune__path")).select_related("commune")


def access_round(user: User, round_id: int) -> ReviewRound | None:
    return rounds_visible_to(user).filter(pk=round_id).first()


def round_for_write(user: User, round_id: int, *, lock: bool = True) -> ReviewRound:
    """Return the round locked for update if the user may run reviews there, else raise RoundNotFound."""
    if not can(user, "run_review") or access_round(user, round_id) is None:
        raise RoundNotFound
    rounds = ReviewRound.objects.select_related("commune", "checklist")
    return (rounds.select_for_update(of=("self",)) if lock else rounds).get(pk=round_id)


def commune_for_write(user: User, commune_id: int) -> AdminUnit:
    """Return a current commune the user may run reviews in, else raise RoundNotFound."""
    unit = access_unit(user, commune_id) if can(user, "run_review") else None
    if unit is None or unit.level != "commune" or unit.valid_to is not None:
        raise RoundNotFound
    return unit


def documents_visible_to(user: User) -> QuerySet[IssuedDocument]:
    if not can(user, "view_households"):
        return IssuedDocument.objects.none()
    return IssuedDocument.objects.filter(path_filter(scope_paths(user), "agency__path"))
