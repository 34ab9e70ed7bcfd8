"""The review procedure as a state machine and its date rules: pure Python, no Django, no clock.

Periodic review (QĐ 24/2021/QĐ-TTg Art. 4, re-published by QĐ 967/QĐ-BNNMT): list → screening (Phiếu A) →
survey (Phiếu B) → village meeting (≥ 50 % of attendees agree, otherwise back to survey) → public posting with
a complaint period → the commune chairman's decision. A complaint found to have grounds ("có cơ sở") sends the
households it names back for re-check (phúc tra): the round leaves posting for the re-check step and returns to
posting only when every such household has its new result and those results are posted again, with their own
complaint period. The in-year (regular) review (Art. 5) runs the same steps
from the 15th of a month and its decision is due within 15 days of that start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LISTING = "listing"
SCREENING = "screening"
SURVEY = "survey"
MEETING = "meeting"
POSTING = "posting"
RECHECK = "recheck"
DECIDED = "decided"

# The main line of the procedure, as the progress bar shows it; the re-check is a detour from posting.
STATES = (LISTING, SCREENING, SURVEY, MEETING, POSTING, DECIDED)
ALL_STATES = (LISTING, SCREENING, SURVEY, MEETING, POSTING, RECHECK, DECIDED)
STATE_NAMES_VI = {
    LISTING: "Lập danh sách hộ cần rà soát",
    SCREENING: "Nhận dạng nhanh (Phiếu A)",
    SURVEY: "Điều tra, rà soát (Phiếu B)",
    MEETING: "Họp dân thống nhất kết quả",
    POSTING: "Niêm yết công khai",
    RECHECK: "Phúc tra khiếu nại có cơ sở",
    DECIDED: "Đã có quyết định công nhận",
}

# Which action may run in which state, and the state it leads to.
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "list_close": ((LISTING,), SCREENING),
    "screening_close": ((SCREENING,), SURVEY),
    "survey_close": ((SURVEY,), MEETING),
    "meeting_pass": ((MEETING,), POSTING),
    "meeting_fail": ((MEETING,), SURVEY),
    "posting_start": ((POSTING,), POSTING),
    "complaint_uphold": ((POSTING, RECHECK), RECHECK),
    "reposting_start": ((RECHECK,), POSTING),
    "decide": ((POSTING,), DECIDED),
}

ACTION_NAMES_VI = {
    "list_close": "chốt danh sách hộ cần rà soát",
    "screening_close": "chốt kết quả nhận dạng nhanh (Phiếu A)",
    "survey_close": "chốt kết quả điều tra (Phiếu B)",
    "meeting_pass": "ghi kết quả họp dân",
    "meeting_fail": "ghi kết quả họp dân",
    "posting_start": "niêm yết công khai",
    "complaint_uphold": "kết luận khiếu nại có cơ sở, chuyển hộ đi phúc tra",
    "reposting_start": "niêm yết lại kết quả phúc tra",
    "decide": "ban hành quyết định công nhận",
}

PERIODIC_START = (9, 1)
PERIODIC_END = (12, 14)
IN_YEAR_START_DAY = 15
IN_YEAR_DECISION_DAYS = 15
APPROVAL_SHARE = 0.5


def progress_index(state: str) -> int:
    """Return the position of ``state`` on the main line (the re-check counts as part of posting)."""
    return STATES.index(POSTING if state == RECHECK else state)


class StepOutOfOrder(ValueError):
    """An action was asked for in a state that does not allow it."""


class DateOutOfOrder(ValueError):
    """A step's date comes before the step it follows, or lies outside the review's window."""


def next_state(state: str, action: str) -> str:
    """Return the state after ``action`` or raise StepOutOfOrder with a Vietnamese explanation."""
    allowed, target = ACTIONS[action]
    if state not in allowed:
        expected = " hoặc ".join(f"«{STATE_NAMES_VI[s]}»" for s in allowed)
        raise StepOutOfOrder(
            f"Không thể {ACTION_NAMES_VI[action]}: đợt rà soát đang ở bước «{STATE_NAMES_VI[state]}», "
            f"việc này chỉ làm được ở bước {expected}. Các bước phải làm theo thứ tự của Quyết định 24/2021/QĐ-TTg."
        )
    return target


def require_not_before(day: dt.date, earlier: dt.date | None, *, what: str, earlier_what: str) -> None:
    """Refuse a date that comes before the date of the step it follows."""
    if earlier is not None and day < earlier:
        raise DateOutOfOrder(
            f"Ngày {what} ({day:%d/%m/%Y}) không được trước ngày {earlier_what} ({earlier:%d/%m/%Y})."
        )


def periodic_window(year: int) -> tuple[dt.date, dt.date]:
    """Return the periodic review window of a year: 1 September – 14 December."""
    return dt.date(year, *PERIODIC_START), dt.date(year, *PERIODIC_END)


def in_year_start(year: int, month: int) -> dt.date:
    """Return the start of a monthly in-year review: the 15th of the month."""
    return dt.date(year, month, IN_YEAR_START_DAY)


def in_year_deadline(year: int, month: int) -> dt.date:
    """Return the last day for the chairman's decision of a monthly review: 15 days from the 15th."""
    return in_year_start(year, month) + dt.timedelta(days=IN_YEAR_DECISION_DAYS)


@dataclass(frozen=True)
class Vote:
    """A village meeting's vote on the review results."""

    households_in_village: int
    households_represented: int
    attendees: int
    agree: int
    quorum_percent: int = 50

    def problems(self) -> list[str]:
        """Return why the vote cannot be recorded as a valid meeting (empty when it can)."""
        out = []
        if self.attendees < 1:
            out.append("Cuộc họp phải có ít nhất một người dự.")
        if self.agree < 0 or self.agree > self.attendees:
            out.append(f"Số người đồng ý ({self.agree}) phải từ 0 đến số người dự họp ({self.attendees}).")
        if self.households_represented < 0 or self.households_represented > self.households_in_village:
            out.append(
                f"Số hộ có đại diện dự họp ({self.households_represented}) không được vượt số hộ của thôn "
                f"({self.households_in_village})."
            )
        elif self.households_represented * 100 < self.quorum_percent * self.households_in_village:
            out.append(
                f"Cuộc họp chưa đủ số hộ tham dự: {self.households_represented}/{self.households_in_village} hộ "
                f"có đại diện, cần ít nhất {self.quorum_percent}% số hộ của thôn. Hãy tổ chức họp lại."
            )
        return out

    @property
    def approved(self) -> bool:
        """≥ 50 % of the people present agree (QĐ 24/2021 Art. 4)."""
        return self.agree >= APPROVAL_SHARE * self.attendees

    @property
    def percent(self) -> float:
        return 100 * self.agree / self.attendees if self.attendees else 0.0


def working_days_after(start: dt.date, days: int, holidays: frozenset[dt.date] = frozenset()) -> dt.date:
    """Return the last day of a period of ``days`` working days starting on ``start`` (Mon–Fri, no holidays)."""
    day = start
    counted = 0
    while True:
        if day.weekday() < 5 and day not in holidays:
            counted += 1
            if counted >= days:
                return day
        day += dt.timedelta(days=1)


def decision_lateness(kind: str, year: int, month: int | None, decided_on: dt.date) -> int:
    """Return how many days an in-year decision is past its 15-day deadline (0 when on time or periodic)."""
    if kind != "in_year" or month is None:
        return 0
    return max(0, (decided_on - in_year_deadline(year, month)).days)
