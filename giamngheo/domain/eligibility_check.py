"""Check eligibility rules before they are saved, and reduce household facts to what a rule set can see.

``rule_errors`` refuses, in Vietnamese, anything the evaluator could not honour: unknown keys, categories,
flags and above all indicators that the standards in the rule's scope do not have (a condition
``{"standard": ["2027-2030"]}`` next to ``{"deprived": ["telecom"]}`` is refused, since that indicator
is gone from 2027).

``RuleFeatures`` lists what a set of rules looks at. Two households with the same reduced facts get the
same decisions with the same reasons, which is what lets a whole province be recomputed in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from giamngheo.domain.eligibility import (
    COMMUNE_FLAGS,
    HOUSEHOLD_FLAGS,
    MAX_DEPTH,
    MAX_NODES,
    MEMBER_FLAGS,
    EligibilityFacts,
    InvalidRule,
    MemberFacts,
    member_key,
    member_matches,
)
from giamngheo.domain.reasons import CATEGORIES, CATEGORY_NAMES_VI

GROUPS = ("all", "any", "not")
LEAVES = ("category", "standard", "deprived", "member", "household", "commune", "escaped_within_years")
MEMBER_KEYS = ("age_min", "age_max", "flags", "ethnic_minority", "sex")


def rule_check(rule: Any, indicators: Mapping[str, frozenset[str]]) -> None:
    """Raise InvalidRule listing every problem, or return quietly when the rule is sound."""
    errors = rule_errors(rule, indicators)
    if errors:
        raise InvalidRule(" ".join(errors))


def rule_errors(rule: Any, indicators: Mapping[str, frozenset[str]]) -> list[str]:
    """Return the problems of a rule in Vietnamese, one sentence each; [] when it is sound.

    ``indicators`` maps each standard id to its indicator ids (``indicators_by_standard()``).
    """
    errors: list[str] = []
    counter = [0]
    if not isinstance(rule, Mapping):
        return ["Điều kiện phải là một đối tượng JSON, ví dụ {\"category\": [\"poor\"]}."]
    _check(rule, indicators, frozenset(indicators), 1, errors, counter)
    return list(dict.fromkeys(errors))


def _check(node: Any, indicators: Mapping[str, frozenset[str]], scope: frozenset[str], depth: int,
           errors: list[str], counter: list[int]) -> None:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        errors.append(f"Điều kiện quá dài (tối đa {MAX_NODES} điều kiện).")
        return
    if depth > MAX_DEPTH:
        errors.append(f"Điều kiện lồng nhau quá sâu (tối đa {MAX_DEPTH} tầng).")
        return
    if not isinstance(node, Mapping) or not node:
        errors.append("Mỗi điều kiện phải là một đối tượng JSON không rỗng.")
        return
    kinds = [k for k in node if k in GROUPS or k in LEAVES]
    if len(kinds) != 1:
        names = ", ".join(str(k) for k in node)
        errors.append(f"Không hiểu điều kiện có khóa {names}: mỗi điều kiện cần đúng một trong "
                      f"{', '.join(GROUPS + LEAVES)}.")
        return
    kind = kinds[0]
    extra = set(node) - {kind} - ({"match"} if kind == "deprived" else set()) - (
        {"at_least"} if kind == "member" else set())
    if extra:
        errors.append(f"Điều kiện '{kind}' có khóa không hợp lệ: {', '.join(sorted(map(str, extra)))}.")
    value = node[kind]
    if kind in ("all", "any"):
        if not isinstance(value, list) or not value:
            errors.append(f"Nhóm '{kind}' cần một danh sách điều kiện không rỗng.")
            return
        inner = scope
        if kind == "all":
            for child in value:
                if isinstance(child, Mapping) and isinstance(child.get("standard"), list):
                    inner = inner & frozenset(str(s) for s in child["standard"])
            if not inner and scope:
                errors.append("Các điều kiện về chuẩn nghèo trong cùng một nhóm 'all' mâu thuẫn nhau.")
                return
        for child in value:
            _check(child, indicators, inner, depth + 1, errors, counter)
        return
    if kind == "not":
        _check(value, indicators, scope, depth + 1, errors, counter)
        return
    _LEAF_CHECKS[kind](node, value, indicators, scope, errors)


def _strings(value: Any, kind: str, errors: list[str]) -> list[str] | None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        errors.append(f"Điều kiện '{kind}' cần một danh sách chuỗi không rỗng.")
        return None
    return list(value)


def _check_category(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                    scope: frozenset[str], errors: list[str]) -> None:
    for item in _strings(value, "category", errors) or []:
        if item not in CATEGORIES:
            known = ", ".join(f"{c} ({CATEGORY_NAMES_VI[c]})" for c in CATEGORIES)
            errors.append(f"Không có diện hộ '{item}'; dùng một trong: {known}.")


def _check_standard(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                    scope: frozenset[str], errors: list[str]) -> None:
    for item in _strings(value, "standard", errors) or []:
        if item not in indicators:
            errors.append(f"Không có chuẩn nghèo '{item}'; các chuẩn hiện có: {', '.join(sorted(indicators))}.")


def _check_deprived(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                    scope: frozenset[str], errors: list[str]) -> None:
    if node.get("match", "any") not in ("any", "all"):
        errors.append("Điều kiện 'deprived' chỉ nhận \"match\": \"any\" hoặc \"all\".")
    known = frozenset().union(*(indicators[s] for s in scope if s in indicators))
    where = ", ".join(sorted(scope))
    for item in _strings(value, "deprived", errors) or []:
        if item not in known:
            errors.append(f"Chỉ số thiếu hụt '{item}' không có trong chuẩn nghèo {where}; "
                          f"các chỉ số hợp lệ: {', '.join(sorted(known))}.")


def _check_member(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                  scope: frozenset[str], errors: list[str]) -> None:
    if not isinstance(value, Mapping):
        errors.append("Điều kiện 'member' cần một đối tượng, ví dụ {\"age_min\": 6}.")
        return
    unknown = set(value) - set(MEMBER_KEYS)
    if unknown:
        errors.append(f"Điều kiện 'member' có khóa không hợp lệ: {', '.join(sorted(map(str, unknown)))}; "
                      f"dùng {', '.join(MEMBER_KEYS)}.")
    for key in ("age_min", "age_max"):
        if key in value and not _int_between(value[key], 0, 130):
            errors.append(f"'{key}' phải là số nguyên từ 0 đến 130.")
    if _int_between(value.get("age_min"), 0, 130) and _int_between(value.get("age_max"), 0, 130) \
            and value["age_min"] > value["age_max"]:
        errors.append("'age_min' không được lớn hơn 'age_max'.")
    if "sex" in value and value["sex"] not in ("M", "F"):
        errors.append("'sex' phải là \"M\" (nam) hoặc \"F\" (nữ).")
    if "ethnic_minority" in value and not isinstance(value["ethnic_minority"], bool):
        errors.append("'ethnic_minority' phải là true hoặc false.")
    if "flags" in value:
        _known_flags(value["flags"], MEMBER_FLAGS, "thành viên", errors)
    if "at_least" in node and not _int_between(node["at_least"], 1, 50):
        errors.append("'at_least' phải là số nguyên từ 1 đến 50.")


def _check_household(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                     scope: frozenset[str], errors: list[str]) -> None:
    _known_flags(value, HOUSEHOLD_FLAGS, "hộ", errors)


def _check_commune(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                   scope: frozenset[str], errors: list[str]) -> None:
    _known_flags(value, COMMUNE_FLAGS, "xã", errors)


def _check_escaped(node: Mapping[str, Any], value: Any, indicators: Mapping[str, frozenset[str]],
                   scope: frozenset[str], errors: list[str]) -> None:
    if not _int_between(value, 1, 10):
        errors.append("'escaped_within_years' phải là số năm nguyên từ 1 đến 10.")


def _known_flags(value: Any, known: Mapping[str, str], what: str, errors: list[str]) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        errors.append(f"Đặc điểm {what} cần một danh sách chuỗi không rỗng.")
        return
    for item in value:
        if item not in known:
            listed = "; ".join(f"{k} ({v})" for k, v in known.items())
            errors.append(f"Không có đặc điểm {what} '{item}'; dùng một trong: {listed}.")


def _int_between(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


_LEAF_CHECKS = {
    "category": _check_category, "standard": _check_standard, "deprived": _check_deprived,
    "member": _check_member, "household": _check_household, "commune": _check_commune,
    "escaped_within_years": _check_escaped,
}


# ---------------------------------------------------------------------------------------------- features


@dataclass(frozen=True)
class RuleFeatures:
    """What a set of (valid) rules looks at; everything else about a household cannot change a decision.

    Members are seen only through the rules' member conditions, so a household reduces to how many of its
    members match each condition (capped at the largest minimum asked), whatever their exact ages.
    """

    indicators: frozenset[str]
    member_specs: tuple[tuple[str, Mapping[str, Any], int], ...]  # (member_key, condition, cap)
    household_flags: frozenset[str]
    commune_flags: frozenset[str]
    uses_escape: bool
    counted: tuple[int, ...] = ()  # member conditions whose minimum is above one: counted, not just seen

    def member_mask(self, member: MemberFacts) -> int:
        """Return a bit mask with bit i set when the member matches member condition i."""
        mask = 0
        for index, (_, spec, _) in enumerate(self.member_specs):
            if member_matches(spec, member):
                mask |= 1 << index
        return mask

    def key(self, *, category: str, standard_id: str, year: int, deprivations: frozenset[str],
            masks: Iterable[int], household_flags: frozenset[str], commune_flags: frozenset[str],
            escaped_year: int | None) -> tuple[Any, ...]:
        """Return a hashable key: households with equal keys get equal decisions with equal reasons."""
        union = 0
        counted: tuple[int, ...] | None = None
        if self.counted:
            totals = dict.fromkeys(self.counted, 0)
            for mask in masks:
                union |= mask
                for index in self.counted:
                    totals[index] += (mask >> index) & 1
            counted = tuple(min(totals[i], self.member_specs[i][2]) for i in self.counted)
        else:
            for mask in masks:
                union |= mask
        return (category, standard_id, year if self.uses_escape else 0, deprivations & self.indicators,
                household_flags & self.household_flags, commune_flags & self.commune_flags,
                escaped_year if self.uses_escape else None, union, counted)

    def key_counts(self, *, category: str, standard_id: str, year: int, deprivations: frozenset[str],
                   counts: Sequence[int], household_flags: frozenset[str], commune_flags: frozenset[str],
                   escaped_year: int | None) -> tuple[Any, ...]:
        """Return the same key as ``key`` from matches per member condition (counted by the database)."""
        union = 0
        for index, count in enumerate(counts):
            if count:
                union |= 1 << index
        counted = tuple(min(counts[i], self.member_specs[i][2]) for i in self.counted) if self.counted else None
        return (category, standard_id, year if self.uses_escape else 0, deprivations & self.indicators,
                household_flags & self.household_flags, commune_flags & self.commune_flags,
                escaped_year if self.uses_escape else None, union, counted)

    def facts_for(self, key: tuple[Any, ...]) -> EligibilityFacts:
        """Return the reduced facts a key stands for."""
        category, standard_id, year, deprivations, household_flags, commune_flags, escaped_year, union, counted = key
        totals = dict(zip(self.counted, counted or (), strict=True))
        member_counts = tuple(
            (spec_key, totals[index] if index in totals else (union >> index) & 1)
            for index, (spec_key, _, _) in enumerate(self.member_specs)
        )
        return EligibilityFacts(
            category=category, standard_id=standard_id, year=year, deprivations=deprivations, members=(),
            household_flags=household_flags, commune_flags=commune_flags, escaped_year=escaped_year,
            member_counts=member_counts,
        )

    def reduce(self, facts: EligibilityFacts) -> EligibilityFacts:
        """Return the facts with everything the rules cannot see removed (hashable, for caching decisions)."""
        return self.facts_for(self.key(
            category=facts.category, standard_id=facts.standard_id, year=facts.year,
            deprivations=facts.deprivations, masks=[self.member_mask(m) for m in facts.members],
            household_flags=facts.household_flags, commune_flags=facts.commune_flags, escaped_year=facts.escaped_year,
        ))


def rule_features(rules: Iterable[Mapping[str, Any]]) -> RuleFeatures:
    """Collect what the rules look at (rules must already have passed ``rule_errors``)."""
    found: dict[str, set[Any]] = {k: set() for k in ("ind", "hflag", "cflag", "misc")}
    specs: dict[str, tuple[Mapping[str, Any], int]] = {}
    for rule in rules:
        _collect(rule, found, specs)
    member_specs = tuple((key, spec, cap) for key, (spec, cap) in sorted(specs.items()))
    return RuleFeatures(
        indicators=frozenset(found["ind"]), member_specs=member_specs,
        counted=tuple(index for index, (_, _, cap) in enumerate(member_specs) if cap > 1),
        household_flags=frozenset(found["hflag"]), commune_flags=frozenset(found["cflag"]),
        uses_escape="escape" in found["misc"],
    )


def _collect(node: Mapping[str, Any], found: dict[str, set[Any]],
             specs: dict[str, tuple[Mapping[str, Any], int]]) -> None:
    for key in ("all", "any"):
        for child in node.get(key, ()):
            _collect(child, found, specs)
    if "not" in node:
        _collect(node["not"], found, specs)
    found["ind"].update(node.get("deprived", ()))
    found["hflag"].update(node.get("household", ()))
    found["cflag"].update(node.get("commune", ()))
    if "escaped_within_years" in node:
        found["misc"].add("escape")
    spec = node.get("member")
    if isinstance(spec, Mapping):
        key = member_key(spec)
        cap = max(int(node.get("at_least", 1)), specs.get(key, (spec, 1))[1])
        specs[key] = (spec, cap)
