"""Synthetic families: who lives in a household, their names, birth years and relation to the head."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from typing import NamedTuple

# Ages are reckoned at the time of the demo (the 2026 review).
NOW = 2026

SURNAMES = (
    ("Nguyễn", 30), ("Trần", 12), ("Lê", 11), ("Phan", 8), ("Võ", 6), ("Hoàng", 4), ("Đặng", 4), ("Phạm", 4),
    ("Dương", 3), ("Hồ", 3), ("Bùi", 2), ("Đinh", 2), ("Thái", 2), ("Ngô", 2), ("Đậu", 1), ("Đoàn", 1),
    ("Hà", 1), ("Lưu", 1), ("Mai", 1), ("Cao", 1), ("Đỗ", 1), ("Kiều", 1), ("Chu", 1), ("Tôn", 1),
)
MIDDLE = {
    "M": (("Văn", 10), ("Đình", 3), ("Xuân", 2), ("Hữu", 2), ("Đức", 2), ("Công", 1), ("Quang", 1), ("Minh", 1),
          ("Thanh", 1), ("Ngọc", 1), ("Bá", 1), ("Trọng", 1)),
    "F": (("Thị", 12), ("Ngọc", 1), ("Thu", 1), ("Thanh", 1), ("Minh", 1), ("Hồng", 1), ("Kim", 1), ("Phương", 1)),
}
GIVEN = {
    "M": ("An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Lâm", "Mạnh", "Nam",
          "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
          "Hoàng", "Hiếu", "Kiên", "Lợi", "Lực", "Quý", "Tài", "Thọ", "Tùng", "Huy", "Đạt", "Hào", "Khoa",
          "Phong", "Duy"),
    "F": ("Anh", "Hà", "Hằng", "Hoa", "Hương", "Hồng", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga",
          "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Vân", "Yến",
          "Xuân", "Hạnh", "Dung", "Hiền", "Lý", "Nhàn", "Sen", "Tâm", "Diệp"),
}
# Cẩm Xuyên is almost entirely Kinh; a few members married in from elsewhere.
OTHER_ETHNICITIES = ("Mường", "Thái", "Tày", "Nùng")

# Family shapes with their share of households and how they shift welfare (elderly and single-parent
# households are the most exposed to poverty in the province's reports).
FAMILY_SHAPES = (
    ("elderly_single", 8, -0.8),
    ("elderly_couple", 12, -0.45),
    ("young_family", 33, 0.0),
    ("grown_family", 17, 0.25),
    ("three_generations", 22, -0.1),
    ("single_parent", 8, -0.55),
)


def _cumulative(pairs: tuple[tuple[str, int], ...]) -> tuple[tuple[str, ...], list[int]]:
    return tuple(p[0] for p in pairs), list(itertools.accumulate(p[1] for p in pairs))


def _pick(rng: random.Random, table: tuple[tuple[str, ...], list[int]]) -> str:
    """Draw one name by weight (what `rng.choices` does, without its per-call set-up)."""
    names, cum = table
    return names[bisect.bisect(cum, rng.random() * cum[-1])]


_SURNAMES = _cumulative(SURNAMES)
_MIDDLE = {sex: _cumulative(pairs) for sex, pairs in MIDDLE.items()}
_SHAPES = _cumulative(tuple((name, share) for name, share, _ in FAMILY_SHAPES))
SHAPE_WELFARE = {name: effect for name, _, effect in FAMILY_SHAPES}


@dataclass(frozen=True, slots=True)
class Person:
    full_name: str
    birth_year: int
    sex: str
    ethnicity: str
    relation: str


@dataclass(frozen=True, slots=True)
class Family:
    shape: str
    people: tuple[Person, ...]  # the head first

    @property
    def head(self) -> Person:
        return self.people[0]

    def size_in(self, year: int) -> int:
        return sum(1 for p in self.people if p.birth_year <= year)

    def ages_in(self, year: int) -> list[int]:
        return [year - p.birth_year for p in self.people if p.birth_year <= year]

    def makeup_in(self, year: int) -> Makeup:
        """Return who lives in the household in `year`, as the indicators need it."""
        size = dependants = 0
        child = school_age = young_adult = working_age = over_six = False
        for person in self.people:
            age = year - person.birth_year
            if age < 0:
                continue
            size += 1
            if age < 16:
                dependants += 1
                child = True
                school_age = school_age or age >= 3
            elif age >= 60:
                dependants += 1
            young_adult = young_adult or 16 <= age <= 30
            working_age = working_age or 15 <= age <= 60
            over_six = over_six or age >= 6
        return Makeup(size, child, school_age, young_adult, working_age, over_six, dependants * 2 > size)


class Makeup(NamedTuple):
    size: int
    child: bool
    school_age: bool
    young_adult: bool
    working_age: bool
    over_six: bool
    mostly_dependants: bool  # children under 16 and people aged 60+ are more than half the household


def family_make(rng: random.Random) -> Family:
    """Draw one family: its shape, then each member with a name that fits the family."""
    shape = _pick(rng, _SHAPES)
    maker = _Maker(rng)
    return Family(shape, tuple(_SHAPE_MAKERS[shape](maker)))


class _Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def surname(self) -> str:
        return _pick(self.rng, _SURNAMES)

    def person(self, relation: str, sex: str, age_lo: int, age_hi: int, surname: str | None = None) -> Person:
        rng = self.rng
        name = f"{surname or self.surname()} {_pick(rng, _MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        ethnicity = "Kinh" if rng.random() < 0.996 else rng.choice(OTHER_ETHNICITIES)
        return Person(name, NOW - rng.randint(age_lo, age_hi), sex, ethnicity, relation)

    def sex(self, male_share: float = 0.5) -> str:
        return "M" if self.rng.random() < male_share else "F"

    def couple(self, age_lo: int, age_hi: int) -> tuple[Person, Person]:
        head_sex = self.sex(0.85)
        head = self.person("Chủ hộ", head_sex, age_lo, age_hi)
        head_age = NOW - head.birth_year
        spouse_age = max(age_lo - 3, min(95, head_age + self.rng.randint(-6, 3 if head_sex == "M" else 8)))
        spouse_sex = "F" if head_sex == "M" else "M"
        spouse = self.person("Vợ" if spouse_sex == "F" else "Chồng", spouse_sex, spouse_age, spouse_age)
        return head, spouse

    def children(self, family_name: str, parent_age: int, count: int) -> list[Person]:
        """Draw children born when the younger parent was 20 to 40."""
        return [self.person("Con", self.sex(), max(0, parent_age - 40), max(0, parent_age - 20), family_name)
                for _ in range(count)]


def _family_name(head: Person, spouse: Person | None) -> str:
    father = head if head.sex == "M" or spouse is None else spouse
    return father.full_name.split(" ", 1)[0]


def _elderly_single(m: _Maker) -> list[Person]:
    return [m.person("Chủ hộ", m.sex(0.3), 65, 92)]


def _elderly_couple(m: _Maker) -> list[Person]:
    return list(m.couple(60, 86))


def _young_family(m: _Maker) -> list[Person]:
    head, spouse = m.couple(24, 44)
    age = min(NOW - head.birth_year, NOW - spouse.birth_year)
    return [head, spouse, *m.children(_family_name(head, spouse), age, m.rng.choice((1, 2, 2, 2, 3)))]


def _grown_family(m: _Maker) -> list[Person]:
    head, spouse = m.couple(45, 62)
    age = min(NOW - head.birth_year, NOW - spouse.birth_year)
    return [head, spouse, *m.children(_family_name(head, spouse), age, m.rng.choice((1, 2, 2, 3)))]


def _three_generations(m: _Maker) -> list[Person]:
    head, spouse = m.couple(30, 52)
    family = _family_name(head, spouse)
    age = NOW - head.birth_year
    elder_age = min(95, age + m.rng.randint(22, 32))
    elders = []
    if m.rng.random() < 0.55:
        elders.append(m.person("Mẹ", "F", elder_age - 3, elder_age))
    if not elders or m.rng.random() < 0.4:
        elders.append(m.person("Bố", "M", elder_age - 1, elder_age + 2, head.full_name.split(" ", 1)[0]))
    young = min(age, NOW - spouse.birth_year)
    return [head, spouse, *elders, *m.children(family, young, m.rng.choice((1, 2, 2, 3)))]


def _single_parent(m: _Maker) -> list[Person]:
    head = m.person("Chủ hộ", m.sex(0.25), 28, 58)
    return [head, *m.children(m.surname(), NOW - head.birth_year, m.rng.choice((0, 1, 1, 2)))]


_SHAPE_MAKERS = {
    "elderly_single": _elderly_single,
    "elderly_couple": _elderly_couple,
    "young_family": _young_family,
    "grown_family": _grown_family,
    "three_generations": _three_generations,
    "single_parent": _single_parent,
}


# Work, drawn from a random stream of its own so that adding it changed none of the other rows. Hà Tĩnh's
# countryside mostly farms (or fishes, or makes salt on the coast); the towns mostly do not.
FARMING_SHARE = {"rural": 0.62, "urban": 0.12}
UNKNOWN_SHARE = 0.02  # a few households and members whose occupation the survey left blank
_WORK_FARMING = (("self_employed", 78), ("wage_no_contract", 10), ("employed_contract", 5), ("unemployed", 4),
                 ("not_in_labour_force", 3))
_WORK_OTHER = (("employed_contract", 38), ("wage_no_contract", 26), ("self_employed", 24), ("unemployed", 6),
               ("not_in_labour_force", 6))
_WORK = {True: _cumulative(_WORK_FARMING), False: _cumulative(_WORK_OTHER)}


def facts_work_seed(seed: int) -> int:
    """The seed of the work stream: fixed by the population's seed, independent of its other draws."""
    return seed * 1_000_003 + 30


def farming_draw(rng: random.Random, area: str) -> int | None:
    """1 when the household farms, fishes, works the forest or makes salt; None when the survey did not say."""
    if rng.random() < UNKNOWN_SHARE:
        return None
    return 1 if rng.random() < FARMING_SHARE[area] else 0


def employment_draw(rng: random.Random, birth_year: int, farming: bool) -> str:
    """A member's work at the time of the demo (`EMPLOYMENT_STATUSES`; "" = not recorded)."""
    age = NOW - birth_year
    if rng.random() < UNKNOWN_SHARE:
        return ""
    if age < 15:
        return "not_in_labour_force"
    if age < 18:
        return "not_in_labour_force" if rng.random() < 0.85 else _pick(rng, _WORK[farming])
    if age > 60:
        return "self_employed" if farming and rng.random() < 0.5 else "not_in_labour_force"
    return _pick(rng, _WORK[farming])


# Household groups and causes of poverty (report forms 8 and 10), from yet another stream of their own so that
# adding them changed none of the other rows. Elderly households are the ones most often without labour capacity;
# a few households have a person with meritorious service; a poor or near-poor household names one to three causes.
NO_LABOUR_SHARE = {"elderly_single": 0.30, "elderly_couple": 0.15}
NO_LABOUR_OTHER = 0.015
MERITORIOUS_SHARE = 0.02
CAUSE_WEIGHTS = (("capital", 30), ("land", 14), ("means", 6), ("labour", 10), ("skills", 14), ("no_job", 8),
                 ("dependants", 8), ("illness", 16), ("policy_access", 2), ("other", 4))
# Without labour capacity, lack of labour and illness come first.
CAUSE_WEIGHTS_NO_LABOUR = (("labour", 40), ("illness", 35), ("capital", 10), ("dependants", 5), ("other", 5),
                           ("land", 5))


@dataclass(frozen=True, slots=True)
class Circumstances:
    """The file's optional group and cause columns for one household: 1/0 flags and `;`-joined cause codes, each
    None when the survey left it blank."""

    no_labour: int | None
    meritorious: int | None
    causes: str | None


def groups_seed(seed: int) -> int:
    """The seed of the groups-and-causes stream: fixed by the population's seed, independent of its other draws."""
    return seed * 1_000_003 + 31


def circumstances_draw(rng: random.Random, shape: str) -> Circumstances:
    """Draw a household's group flags and the causes it would give if it were poor or near-poor."""
    from giamngheo.assessfile.causes import POVERTY_CAUSES

    no_labour = None if rng.random() < UNKNOWN_SHARE else int(rng.random() < NO_LABOUR_SHARE.get(shape,
                                                                                                NO_LABOUR_OTHER))
    meritorious = None if rng.random() < UNKNOWN_SHARE else int(rng.random() < MERITORIOUS_SHARE)
    causes = None
    if rng.random() >= UNKNOWN_SHARE:
        names, weights = zip(*(CAUSE_WEIGHTS_NO_LABOUR if no_labour else CAUSE_WEIGHTS), strict=True)
        wanted = rng.choice((1, 1, 2, 2, 3))
        picked: set[str] = set()
        while len(picked) < wanted:
            picked.add(rng.choices(names, weights)[0])
        causes = ";".join(code for code in POVERTY_CAUSES if code in picked)
    return Circumstances(no_labour, meritorious, causes)
