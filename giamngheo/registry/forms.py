"""The upload form of an import: which commune, year and standard, and the file(s).

A provincial standard is offered and accepted only for a commune of its province (`geo.standards`; the import
service checks it again when a batch is staged, for the API and the CLI).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from giamngheo.domain.standard import standards_all
from giamngheo.geo.models import AdminUnit
from giamngheo.geo.standards import standard_refusal_for_commune, standards_for


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
