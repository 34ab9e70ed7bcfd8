"""Eligibility rules as data, evaluated by pure functions: which policies a household can use, and why.

A rule is JSON-shaped data (what an administrator edits), a tree of groups and conditions::

    {"all": [cond, ...]}   every condition holds        {"any": [cond, ...]}   at least one holds
    {"not": cond}          the condition does not hold

    {"category": ["poor", "near_poor"]}                 the household's category in its latest review
    {"standard": ["2022-2025"]}                         the standard that review used
    {"deprived": ["housing_quality", "housing_area"], "match": "any" | "all"}
    {"member": {"age_min": 6, "age_max": 17, "flags": ["student"], "ethnic_minority": true, "sex": "F"},
     "at_least": 1}                                     members (age in the review year, inclusive bounds)
    {"household": ["agricultural"]}                     household circumstances, all of them
    {"commune": ["poor_commune"]}                       commune designations, any of them
    {"escaped_within_years": 3}                         left the poor/near-poor lists fewer than N years ago

Every condition states a fact about the household in Vietnamese whether it holds or not, so a decision
can say why a policy applies ("Được hưởng vì: …") or not ("Không được hưởng vì: …").
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from giamngheo.domain.reasons import CATEGORY_NAMES_VI, NEAR_POOR, POOR
from giamngheo.domain.standard import standards_all

MEMBER_FLAGS: Mapping[str, str] = {
    "disabled": "người khuyết tật",
    "student": "học sinh phổ thông",
    "higher_student": "học sinh, sinh viên trung cấp, cao đẳng, đại học",
    "pregnant": "phụ nữ mang thai",
    "social_allowance": "người hưởng trợ cấp xã hội hằng tháng",
    "accused": "người bị buộc tội trong vụ án hình sự",
    "meritorious": "người có công với cách mạng",
}
HOUSEHOLD_FLAGS: Mapping[str, str] = {
    "agricultural": "hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp",
    "received_device": "đã được hỗ trợ máy tính bảng hoặc điện thoại thông minh trước đây",
}
COMMUNE_FLAGS: Mapping[str, str] = {
    "poor_commune": "xã nghèo (xã đặc biệt khó khăn, trước là huyện nghèo)",
    "ethnic_minority_area": "xã vùng đồng bào dân tộc thiểu số và miền núi",
    "coastal_island": "xã bãi ngang ven biển, hải đảo",
}
# Circumstances a resident-facing page never names: a reason resting on them is shown as a neutral sentence
# (``public_reason``); staff pages keep the full one. Flags are sensitive unless listed as public here, so a
# flag added to MEMBER_FLAGS or HOUSEHOLD_FLAGS (say, living with HIV) stays off the public sheet until someone
# decides otherwise. A member condition on ethnicity is sensitive whichever way it asks.
PUBLIC_MEMBER_FLAGS: frozenset[str] = frozenset({"student", "higher_student", "meritorious"})
PUBLIC_HOUSEHOLD_FLAGS: frozenset[str] = frozenset({"agricultural", "received_device"})
SENSITIVE_MEMBER_FLAGS: frozenset[str] = frozenset(MEMBER_FLAGS) - PUBLIC_MEMBER_FLAGS
SENSITIVE_HOUSEHOLD_FLAGS: frozenset[str] = frozenset(HOUSEHOLD_FLAGS) - PUBLIC_HOUSEHOLD_FLAGS
SENSITIVE_MEMBER_KEYS: frozenset[str] = frozenset({"ethnic_minority"})
PUBLIC_REASON_NEUTRAL = "theo hoàn cảnh của thành viên trong hộ (hỏi cán bộ xã để biết chi tiết)"
ESCAPED_FROM = (POOR, NEAR_POOR)
MAX_DEPTH = 6
MAX_NODES = 60


class InvalidRule(ValueError):
    """A rule that cannot be evaluated; the message lists every problem in Vietnamese."""


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """One member as the rules see them: age in the review year, sex, minority ethnicity, circumstances."""

    age: int
    sex: str = ""
    ethnic_minority: bool = False
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EligibilityFacts:
    """What the rules may ask about a household, taken from its latest review and recorded circumstances."""

    category: str
    standard_id: str
    year: int
    deprivations: frozenset[str] = frozenset()
    members: tuple[MemberFacts, ...] = ()
    household_flags: frozenset[str] = frozenset()
    commune_flags: frozenset[str] = frozenset()
    escaped_year: int | None = None  # first review year off the poor/near-poor lists after being on them
    # Instead of members: how many members match each member condition (``member_key``), capped at the
    # largest ``at_least`` asked. Set by RuleFeatures.reduce; decisions are the same either way.
    member_counts: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class PolicyRule:
    code: str
    rule: Mapping[str, Any]
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    code: str
    eligible: bool
    reason: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    ok: bool
    facts: tuple[str, ...]


# ---------------------------------------------------------------------------------------------- names


@cache
def _indicator_names() -> Mapping[str, str]:
    names: dict[str, str] = {}
    for standard in standards_all():
        for indicator in standard.indicators:
            names.setdefault(indicator.id, indicator.name_vi)
    return names


def indicators_by_standard() -> Mapping[str, frozenset[str]]:
    """Return the indicator ids of every shipped standard, the list rules are checked against."""
    return {s.id: frozenset(s.indicator_ids) for s in standards_all()}


def _category_name(category: str) -> str:
    return CATEGORY_NAMES_VI.get(category, category).lower()


def _standard_name(standard_id: str) -> str:
    return "chuẩn " + standard_id.replace("-", "–")


def _join_or(items: Iterable[str]) -> str:
    values = list(items)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " hoặc " + values[-1]


# ---------------------------------------------------------------------------------------------- evaluation


def evaluate(rule: Mapping[str, Any], facts: EligibilityFacts) -> tuple[bool, tuple[str, ...]]:
    """Return whether the rule holds and the facts (Vietnamese) that decided it."""
    outcome = _node(rule, facts)
    return outcome.ok, outcome.facts


def decide(policy: PolicyRule, facts: EligibilityFacts, *, on: datetime.date) -> Decision:
    """Decide one policy for one household on a day, with the reason it applies or not."""
    if policy.valid_from is not None and on < policy.valid_from:
        start = f"Không được hưởng vì: chính sách áp dụng từ {policy.valid_from:%d/%m/%Y}."
        return Decision(policy.code, False, start)
    if policy.valid_to is not None and on > policy.valid_to:
        end = f"Không được hưởng vì: chính sách hết hiệu lực sau ngày {policy.valid_to:%d/%m/%Y}."
        return Decision(policy.code, False, end)
    ok, reasons = evaluate(policy.rule, facts)
    head = "Được hưởng vì: " if ok else "Không được hưởng vì: "
    return Decision(policy.code, ok, head + "; ".join(reasons) + ".")


def decide_all(policies: Sequence[PolicyRule], facts: EligibilityFacts, *, on: datetime.date) -> tuple[Decision, ...]:
    return tuple(decide(policy, facts, on=on) for policy in policies)


def _node(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    if "all" in node:
        parts = [_node(child, facts) for child in node["all"]]
        failing = [p for p in parts if not p.ok]
        chosen = failing if failing else parts
        return _Outcome(not failing, tuple(f for p in chosen for f in p.facts))
    if "any" in node:
        parts = [_node(child, facts) for child in node["any"]]
        for part in parts:
            if part.ok:
                return part
        return _Outcome(False, (" hoặc ".join("; ".join(p.facts) for p in parts),))
    if "not" in node:
        inner = _node(node["not"], facts)
        return _Outcome(not inner.ok, inner.facts)
    kind = next(iter(node))
    return _LEAVES[kind](node, facts)


def _category(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    wanted = list(node["category"])
    ok = facts.category in wanted
    text = f"hộ là {_category_name(facts.category)}"
    if not ok:
        text += f", không phải {_join_or(_category_name(c) for c in wanted)}"
    return _Outcome(ok, (text,))


def _standard(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    wanted = list(node["standard"])
    ok = facts.standard_id in wanted
    text = f"kết quả rà soát theo {_standard_name(facts.standard_id)}"
    if not ok:
        text += f", không phải {_join_or(_standard_name(s) for s in wanted)}"
    return _Outcome(ok, (text,))


def _deprived(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    wanted = list(node["deprived"])
    names = _indicator_names()
    hit = [i for i in wanted if i in facts.deprivations]
    ok = len(hit) == len(wanted) if node.get("match", "any") == "all" else bool(hit)
    if hit:
        return _Outcome(ok, ("hộ thiếu hụt chỉ số " + ", ".join(names.get(i, i) for i in hit),))
    return _Outcome(ok, ("hộ không thiếu hụt chỉ số " + ", ".join(names.get(i, i) for i in wanted),))


def member_key(spec: Mapping[str, Any]) -> str:
    """Return a stable key for a member condition (the same spec written in any key order)."""
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)


def member_matches(spec: Mapping[str, Any], member: MemberFacts) -> bool:
    """Return whether one member fits a member condition (bounds inclusive)."""
    if "age_min" in spec and member.age < spec["age_min"]:
        return False
    if "age_max" in spec and member.age > spec["age_max"]:
        return False
    if "sex" in spec and member.sex != spec["sex"]:
        return False
    if "ethnic_minority" in spec and member.ethnic_minority != spec["ethnic_minority"]:
        return False
    return all(flag in member.flags for flag in spec.get("flags", ()))


def member_description(spec: Mapping[str, Any]) -> str:
    """Describe a member condition in Vietnamese: "thành viên từ 6 đến 17 tuổi là học sinh phổ thông"."""
    words = ["thành viên"]
    if spec.get("sex") == "F":
        words = ["thành viên nữ"]
    elif spec.get("sex") == "M":
        words = ["thành viên nam"]
    low, high = spec.get("age_min"), spec.get("age_max")
    if low is not None and high is not None:
        words.append(f"từ {low} đến {high} tuổi")
    elif low is not None:
        words.append(f"từ {low} tuổi trở lên")
    elif high is not None:
        words.append(f"không quá {high} tuổi")
    if spec.get("ethnic_minority") is True:
        words.append("là người dân tộc thiểu số")
    elif spec.get("ethnic_minority") is False:
        words.append("là người dân tộc Kinh")
    flags = [MEMBER_FLAGS.get(f, f) for f in spec.get("flags", ())]
    if flags:
        words.append("là " + ", ".join(flags))
    return " ".join(words)


def _member(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    spec = node["member"]
    at_least = int(node.get("at_least", 1))
    if facts.member_counts is not None:
        count = dict(facts.member_counts).get(member_key(spec), 0)
    else:
        count = sum(1 for m in facts.members if member_matches(spec, m))
    described = member_description(spec)
    if count >= at_least:
        # The sentence must not depend on how many members match beyond the minimum (see RuleFeatures.reduce).
        return _Outcome(True, (f"hộ có {described}" if at_least == 1 else f"hộ có ít nhất {at_least} {described}",))
    if count == 0:
        return _Outcome(False, (f"hộ không có {described}",))
    return _Outcome(False, (f"hộ chỉ có {count} {described}, cần từ {at_least}",))


def _household(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    wanted = list(node["household"])
    missing = [f for f in wanted if f not in facts.household_flags]
    if missing:
        return _Outcome(False, ("hộ chưa được ghi nhận là " + ", ".join(HOUSEHOLD_FLAGS.get(f, f) for f in missing),))
    return _Outcome(True, ("hộ " + ", ".join(HOUSEHOLD_FLAGS.get(f, f) for f in wanted),))


def _commune(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    wanted = list(node["commune"])
    hit = [f for f in wanted if f in facts.commune_flags]
    if hit:
        return _Outcome(True, ("hộ ở " + ", ".join(COMMUNE_FLAGS.get(f, f) for f in hit),))
    return _Outcome(False, ("xã của hộ không phải " + _join_or(COMMUNE_FLAGS.get(f, f) for f in wanted),))


def _escaped(node: Mapping[str, Any], facts: EligibilityFacts) -> _Outcome:
    years = int(node["escaped_within_years"])
    if facts.category in ESCAPED_FROM:
        return _Outcome(False, (f"hộ đang là {_category_name(facts.category)}, chưa thoát nghèo",))
    if facts.escaped_year is None:
        return _Outcome(False, ("hộ không có kết quả thoát nghèo, thoát cận nghèo",))
    last = facts.escaped_year + years - 1
    if facts.year - facts.escaped_year < years:
        return _Outcome(True, (f"hộ thoát nghèo, thoát cận nghèo năm {facts.escaped_year}, "
                               f"còn trong {years} năm (đến hết năm {last})",))
    return _Outcome(False, (f"hộ thoát nghèo, thoát cận nghèo năm {facts.escaped_year}, "
                            f"đã quá {years} năm (hết năm {last})",))


_LEAVES = {
    "category": _category, "standard": _standard, "deprived": _deprived, "member": _member,
    "household": _household, "commune": _commune, "escaped_within_years": _escaped,
}


# ---------------------------------------------------------------------------------------------- public reasons


def _member_key_words() -> tuple[str, ...]:
    """The words ``member_description`` writes for each sensitive member key, whichever way it asks."""
    values: Mapping[str, tuple[Any, ...]] = {"ethnic_minority": (True, False)}
    return tuple(member_description({key: value}).removeprefix("thành viên ")
                 for key in sorted(SENSITIVE_MEMBER_KEYS) for value in values[key])


_SENSITIVE_WORDS: tuple[str, ...] = (
    *(MEMBER_FLAGS.get(f, f) for f in sorted(SENSITIVE_MEMBER_FLAGS)),
    *(HOUSEHOLD_FLAGS.get(f, f) for f in sorted(SENSITIVE_HOUSEHOLD_FLAGS)),
    *_member_key_words(),
)


def fact_is_sensitive(fact: str) -> bool:
    """Return whether one fact of a reason names a sensitive member or household circumstance."""
    return any(word in fact for word in _SENSITIVE_WORDS)


@lru_cache(maxsize=4096)
def public_reason(reason: str) -> str:
    """Return a decision's reason as a resident-facing page may show it.

    Each fact ("; "-separated, as ``decide`` writes them) that names a sensitive circumstance becomes one
    neutral fact, said once; the other facts stay as they are. Reasons repeat across households, hence the
    cache: the public lookup calls this for every policy line.
    """
    if not fact_is_sensitive(reason):
        return reason
    head, sep, body = reason.partition(": ")
    if not sep:
        return f"Được hưởng {PUBLIC_REASON_NEUTRAL}."
    facts: list[str] = []
    for fact in body.rstrip(".").split("; "):
        text = PUBLIC_REASON_NEUTRAL if fact_is_sensitive(fact) else fact
        if text not in facts:
            facts.append(text)
    return f"{head}: " + "; ".join(facts) + "."
