"""The upload form of an import: which commune, year and standard, and the file(s).

A provincial standard is offered and accepted only for a commune of its province (`standard_refusal_for_commune`,
also for the import service to call when a batch is staged).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet

from giamngheo.domain.standard import Standard, UnknownStandard, standard_get, standards_all
from giamngheo.domain.standard_scope import standard_applies_in, standard_province_refusal
from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession


def _province_ids(paths: Iterable[str]) -> set[int]:
    return {int(path.strip("/").split("/")[0]) for path in paths if path.strip("/")}


def province_names(commune_ids: Iterable[int], *, before_reform: bool) -> list[str]:
    """The names of the provinces these communes belong to, for matching a provincial standard.

    For a standard issued before the July 2025 merger the province it names is the province of that time: a
    commune formed in the merger counts by the provinces of the communes it was formed from (a commune of the old
    Bình Phước is not under old Đồng Nai's standard although both are in today's Đồng Nai). A commune with no
    recorded predecessor counts by its own province. For a later standard, today's province counts (an old
    commune's successor's province too).
    """
    ids = list(commune_ids)
    own = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "path"))
    paths: list[str] = []
    if before_reform:
        earlier: dict[int, list[str]] = {}
        for successor_id, path in UnitSuccession.objects.filter(successor_id__in=ids).values_list(
                "successor_id", "predecessor__path"):
            earlier.setdefault(successor_id, []).append(path)
        for pk, path in own.items():
            paths += earlier.get(pk) or [path]
    else:
        paths += own.values()
        paths += UnitSuccession.objects.filter(predecessor_id__in=ids).values_list("successor__path", flat=True)
    provinces = AdminUnit.objects.filter(pk__in=_province_ids(paths), level="province")
    return sorted({name for pair in provinces.values_list("name", "short_name") for name in pair if name})


def standard_refusal_for_commune(standard: Standard | str, commune: AdminUnit) -> str | None:
    """Why ``standard`` (or its id) cannot be applied in ``commune``, or None when it can.

    An unknown id is the caller's to refuse (`standard_get`); this only says where a known standard applies.
    """
    if isinstance(standard, str):
        try:
            standard = standard_get(standard)
        except UnknownStandard:
            return None
    if standard.kind != "provincial":
        return None
    names = province_names([commune.pk], before_reform=standard.valid_from < REFORM_2025)
    return standard_province_refusal(standard, unit_name=commune.name, province_names=names)


def standards_for(communes: QuerySet[AdminUnit]) -> list[Standard]:
    """The standards that apply in at least one of these communes: every national one, and their provinces' own."""
    ids = list(communes.values_list("pk", flat=True))
    names = {era: province_names(ids, before_reform=era) for era in (True, False)}
    return [s for s in standards_all() if standard_applies_in(s, names[s.valid_from < REFORM_2025])]


class StandardChoiceField(forms.ChoiceField):
    """Offers the standards that apply to the form's communes but accepts any known one, so that another province's
    standard sent anyway is refused by the form's `clean` with the reason rather than as an unknown choice."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in {s.id for s in standards_all()}


class ImportUploadForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label="Xã/phường", empty_label=None)
    year = forms.IntegerField(label="Năm rà soát", min_value=2021, max_value=2100)
    standard_id = StandardChoiceField(label="Chuẩn nghèo", choices=())
    assessed_on = forms.DateField(label="Ngày đánh giá", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label="Tệp kết quả rà soát (.xlsx có trang households và members, hoặc .csv)")
    members_file = forms.FileField(label="Tệp thành viên riêng (chỉ khi tệp hộ là .csv)", required=False)

    def __init__(self, *args: Any, communes: QuerySet[AdminUnit], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", dt.date.today().year)
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["standard_id"].choices = [(s.id, f"{s.id} — {s.title}") for s in standards_for(communes)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        commune, standard_id = data.get("commune"), data.get("standard_id")
        if commune is not None and standard_id:
            refusal = standard_refusal_for_commune(standard_id, commune)
            if refusal:
                self.add_error("standard_id", refusal)
        return data
