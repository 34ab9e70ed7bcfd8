from __future__ import annotations

from django import forms


class TargetForm(forms.Form):
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    poor_rate = forms.CharField(label="Tỷ lệ hộ nghèo (%)", required=False, max_length=12,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "vd. 2,18"}))
    near_poor_rate = forms.CharField(label="Tỷ lệ hộ cận nghèo (%)", required=False, max_length=12,
                                     widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "vd. 2,8"}))
    households_out = forms.CharField(label="Số hộ thoát nghèo", required=False, max_length=12,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    source = forms.CharField(label="Căn cứ (số nghị quyết HĐND)", required=False, max_length=200)

    def __init__(self, *args, unit_choices: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices


class TargetImportForm(forms.Form):
    file = forms.FileField(label="Tệp mục tiêu (.xlsx hoặc .csv)")
