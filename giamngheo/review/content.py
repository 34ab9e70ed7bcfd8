"""The content of each document, computed once at issuance and frozen in `IssuedDocument.content`.

Legal bases are data here so an outdated one can be corrected without touching templates; the Law on the
Organisation of Local Government of 2025 replaced the 2015 law that older forms cite.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from giamngheo.common.text import fold
from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.domain.standard import standard_get
from giamngheo.geo.models import AdminUnit
from giamngheo.review.formats import dmy, document_number, in_text, nd30_date, place_name, vn_number
from giamngheo.review.selectors.rounds import ROUND_LISTS, RoundLists

LOCAL_GOVERNMENT_LAW = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
PROCEDURE = ("Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định quy "
             "trình rà soát hộ nghèo, hộ cận nghèo hằng năm và quy trình xác định hộ làm nông nghiệp, lâm nghiệp, ngư "
             "nghiệp và diêm nghiệp có mức sống trung bình giai đoạn 2022 - 2025;")
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def standard_bases(standard_id: str) -> list[str]:
    standard = standard_get(standard_id)
    bases = []
    for ref in standard.legal:
        when = f" ngày {nd30_date(ref.date)[5:]}" if ref.date else ""
        bases.append(f"Căn cứ {ref.instrument}{when}: {ref.note.rstrip('.')};")
    return bases


def header(commune: AdminUnit, *, symbol: str | None, issued_on: dt.date | None, number: int | None = None,
           village: AdminUnit | None = None) -> dict[str, Any]:
    """Return the Decree 30 header: issuing body, number line and the place-and-date line."""
    place = place_name(village.name.split(" ", 1)[-1] if village else commune.name)
    if village is not None:
        org = {"superior": f"UBND {commune.name}", "lines": [village.name]}
    else:
        org = {"superior": "", "lines": ["Ủy ban nhân dân", commune.name]}
    return {
        "org": org,
        "number_line": document_number(number, symbol) if symbol else "",
        "place_date": f"{place}, {nd30_date(issued_on, year_hint=issued_on.year if issued_on else None)}",
        "commune": commune.name, "province": commune.parent.name if commune.parent else "",
    }


def indicator_numbers(standard_id: str, deprivations: str) -> str:
    """Return deprived indicators as their numbers in the standard ("1, 3, 9"), as the annexes print them."""
    order = {indicator: i + 1 for i, indicator in enumerate(standard_get(standard_id).indicator_ids)}
    return ", ".join(str(n) for n in sorted(order[d] for d in deprivations.split(";") if d in order))


GENERIC_NOUNS = ("Thôn ", "Tổ dân phố ", "Ấp ", "Bản ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Tỉnh ",
                 "Thành phố ")


def _named_in(name: str, text: str) -> bool:
    """Whether ``text`` already names the unit ``name`` ("Thôn Trung Hòa" in "12 thôn Trung Hoà, xã …").

    Compared folded (case and accents aside) on whole words; a name that is only a number after its generic noun
    ("Thôn 3") must appear with the noun, so a house number "3" does not count.
    """
    core = name
    for noun in GENERIC_NOUNS:
        if name.startswith(noun) and not name[len(noun):][:1].isdigit():
            core = name[len(noun):]
            break
    key = fold(core)
    return bool(key) and re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", fold(text)) is not None


def address_text(address: str, *units: str) -> str:
    """The household's address followed by its village, commune and province, each unless the address has it."""
    address = address.strip().rstrip(",;. ")
    parts = [address] if address else []
    for name in units:
        if name and not _named_in(name, address):
            parts.append(in_text(name))
    return ", ".join(parts)


def lists_content(lists: RoundLists, standard_id: str) -> list[dict[str, Any]]:
    annexes = []
    for index, (key, title) in enumerate(ROUND_LISTS):
        rows = [{**r, "members_text": vn_number(r["members"]),
                 "category_name": CATEGORY_NAMES_VI.get(r["category"], ""),
                 "deprivations_text": indicator_numbers(standard_id, r["deprivations"])} for r in lists.rows[key]]
        annexes.append({"roman": ROMAN[index], "key": key, "title": title.upper(), "rows": rows,
                        "households": lists.totals[key]["households"], "persons": lists.totals[key]["persons"]})
    return annexes


def period_text(review: Any) -> str:
    if review.kind == "in_year":
        return f"tháng {review.month} năm {review.year}"
    return f"năm {review.year}"


def recipients(commune: AdminUnit, *extra: str) -> list[str]:
    province = commune.parent.name if commune.parent else "tỉnh"
    return [*extra, f"Sở Nông nghiệp và Môi trường {province.replace('Tỉnh', 'tỉnh')};",
            "Ủy ban Mặt trận Tổ quốc Việt Nam xã;", "Lưu: VT."]


def notice_content(review: Any, lists: RoundLists, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    commune = review.commune
    counts = [{"name": title.replace("Danh sách ", "").capitalize(), **lists.totals[key]} for key, title in ROUND_LISTS]
    return {
        "commune_name": in_text(commune.name), "period": period_text(review),
        "summary": (f"Về việc niêm yết công khai danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo "
                    f"{period_text(review)} trên địa bàn {in_text(commune.name)}"),
        "bases": [*standard_bases(review.standard_id), PROCEDURE],
        "counts": counts, "start": dmy(start), "end": dmy(end), "annexes": lists_content(lists, review.standard_id),
        "recipients": recipients(commune, "Các thôn, tổ dân phố (để niêm yết);"),
    }


def decision_content(review: Any, lists: RoundLists, *, meetings: list[Any], posting_end: dt.date) -> dict[str, Any]:
    commune = review.commune
    totals = lists.totals
    meeting_text = ", ".join(f"{m.village.name if m.village else commune.name} ngày {dmy(m.held_on)}"
                             for m in meetings)
    return {
        "commune_name": in_text(commune.name), "period": period_text(review), "standard_id": review.standard_id,
        "summary": (f"Công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo "
                    f"{period_text(review)} trên địa bàn {in_text(commune.name)}"),
        "authority": f"Chủ tịch Ủy ban nhân dân {commune.name}",
        "bases": [LOCAL_GOVERNMENT_LAW, *standard_bases(review.standard_id), PROCEDURE,
                  f"Căn cứ biên bản họp dân thống nhất kết quả rà soát ({meeting_text}) và kết quả niêm yết công khai "
                  f"đến hết ngày {dmy(posting_end)};",
                  "Xét đề nghị của công chức phụ trách công tác giảm nghèo xã."],
        "article1": [f"{title}: {vn_number(totals[key]['households'])} hộ, {vn_number(totals[key]['persons'])} "
                     f"nhân khẩu (Phụ lục {ROMAN[i]})." for i, (key, title) in enumerate(ROUND_LISTS)],
        "annexes": lists_content(lists, review.standard_id),
        "recipients": recipients(commune, "Như Điều 3;"),
    }


def minutes_content(review: Any, meeting: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "commune_name": review.commune.name, "village_name": meeting.village.name if meeting.village else "",
        "period": period_text(review), "held_on": nd30_date(meeting.held_on), "place": meeting.place,
        "chair": meeting.chair, "secretary": meeting.secretary, "attempt": meeting.attempt,
        "households_in_village": meeting.households_in_village,
        "households_represented": meeting.households_represented,
        "attendees": meeting.attendees, "agree": meeting.agree,
        "percent": vn_number(100 * meeting.agree / meeting.attendees, 2) if meeting.attendees else "0",
        "approved": meeting.approved, "opinions": meeting.opinions,
        "rows": [{**r, "category_name": CATEGORY_NAMES_VI.get(r["category"], "")} for r in rows],
    }


def certificate_content(review: Any, household: Any, members: list[Any], row: dict[str, Any], *,
                        decision_number: str, decided_on: dt.date, verify_url: str) -> dict[str, Any]:
    standard = standard_get(review.standard_id)
    deprived = set(filter(None, row["deprivations"].split(";")))
    head = next((m for m in members if m.relation == "Chủ hộ"), None)
    return {
        "commune_name": in_text(review.commune.name), "period_title": standard.title, "standard_id": standard.id,
        "bases": [LOCAL_GOVERNMENT_LAW, *standard_bases(review.standard_id),
                  f"Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo {period_text(review)} trên địa bàn, Chủ tịch Ủy ban "
                  f"nhân dân {in_text(review.commune.name)} chứng nhận:"],
        "head": household.head_name, "ethnicity": head.ethnicity if head else "",
        "id_masked": head.id_number_masked if head else "",
        "address": address_text(household.address, row["village"], review.commune.name,
                                review.commune.parent.name if review.commune.parent else ""),
        "members": [{"name": m.full_name, "ethnicity": m.ethnicity, "relation": m.relation,
                     "male": m.birth_year if m.sex == "M" else "", "female": m.birth_year if m.sex == "F" else ""}
                    for m in members],
        "year": review.year, "category_name": CATEGORY_NAMES_VI[row["category"]],
        "indicators": [{"n": i + 1, "name": ind.name_vi, "deprived": ind.id in deprived}
                       for i, ind in enumerate(standard.indicators)],
        "decision": decision_number, "decided_on": dmy(decided_on), "verify_url": verify_url,
    }


def reply_content(review: Any, entry: Any, reason: str) -> dict[str, Any]:
    """A written reply with reasons to an in-year applicant who does not qualify (QĐ 24/2021 Art. 5)."""
    household = entry.household
    return {
        "commune_name": in_text(review.commune.name), "period": period_text(review),
        "summary": "V/v trả lời đề nghị rà soát hộ nghèo, hộ cận nghèo", "head": household.head_name,
        "address": address_text(household.address, entry.village.name if entry.village else "",
                                review.commune.name),
        "form": entry.application_form or "01", "applied_on": dmy(entry.applied_on), "reason": reason,
        "recipients": ["Như trên;", "Lưu: VT."],
    }
