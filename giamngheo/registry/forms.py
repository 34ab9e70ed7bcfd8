"""The upload form of an import: which commune, year and standard, and the file(s)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from giamngheo.domain.standard import standards_all
from giamngheo.geo.models import AdminUnit


class ImportUploadForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label="Xã/phường", empty_label=None)
    year = forms.IntegerField(label="Năm rà soát", min_value=2021, max_value=2100)
    standard_id = forms.ChoiceField(label="Chuẩn nghèo", choices=())
    assessed_on = forms.DateField(label="Ngày đánh giá", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label="Tệp kết quả rà soát (.xlsx có trang households và members, hoặc .csv)")
    members_file = forms.FileField(label="Tệp thành viên riêng (chỉ khi tệp hộ là .csv)", required=False)

    def __init__(self, *args: Any, communes: QuerySet[AdminUnit], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", dt.date.today().year)
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["standard_id"].choices = [(s.id, f"{s.id} — {s.title}") for s in standards_all()]
