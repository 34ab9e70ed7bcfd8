"""What the assessment needs to know about one household, already validated."""

from __future__ import annotations

from dataclasses import dataclass

from giamngheo.domain.standard import AREAS


class InvalidFacts(ValueError):
    """Household facts that no standard can classify (unknown area, no members, negative income)."""


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    """One household: area, size, monthly income per person (VND) and the indicators it is deprived in.

    ``deprivations`` holds indicator ids without the ``d_`` prefix; ids a standard does not use are ignored.
    """

    area: str
    members: int
    income_per_capita: int
    deprivations: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise InvalidFacts(f"Khu vực phải là 'rural' hoặc 'urban', nhận được {self.area!r}.")
        if self.members < 1:
            raise InvalidFacts(f"Số nhân khẩu phải từ 1 trở lên, nhận được {self.members}.")
        if self.income_per_capita < 0:
            raise InvalidFacts(f"Thu nhập bình quân không được âm, nhận được {self.income_per_capita}.")


@dataclass(frozen=True, slots=True)
class ScoreFacts:
    """One household as provincial review software exports it: Phiếu B1 and B2 scores instead of income."""

    area: str
    b1_score: int
    b2_score: int
    region: str | None = None

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise InvalidFacts(f"Khu vực phải là 'rural' hoặc 'urban', nhận được {self.area!r}.")
        if self.b1_score < 0 or self.b2_score < 0:
            raise InvalidFacts("Điểm B1, B2 không được âm.")
