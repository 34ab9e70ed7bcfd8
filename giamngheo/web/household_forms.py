"""The household page's forms: transfer to another commune (chuyển hộ) and strike off the register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import ClosedReason


class HouseholdTransferForm(forms.Form):
    """One list of destinations without JavaScript: each commune ("c:<id>") with its villages ("v:<id>") below it."""

    destination = forms.ChoiceField(label="Chuyển đến", choices=())
    on = forms.DateField(label="Ngày chuyển", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Lý do, căn cứ (ví dụ: đơn, quyết định chuyển hộ khẩu)", max_length=300)

    def __init__(self, *args: Any, communes: QuerySet[AdminUnit], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        villages: dict[int, list[tuple[str, str]]] = {}
        for pk, parent_id, name in AdminUnit.objects.filter(
                level="village", valid_to__isnull=True, parent__in=communes).order_by("name") \
                .values_list("pk", "parent_id", "name"):
            villages.setdefault(parent_id, []).append((f"v:{pk}", f"{name}"))
        self.fields["destination"].choices = [("", "— Chọn xã, thôn chuyển đến —")] + [
            (commune.name, [(f"c:{commune.pk}", f"{commune.name} (chưa rõ thôn)"), *villages.get(commune.pk, [])])
            for commune in communes
        ]

    def target(self) -> dict[str, int]:
        """The service's keyword for the chosen destination: {"commune_id": …} or {"village_id": …}."""
        kind, _, pk = self.cleaned_data["destination"].partition(":")
        return {"village_id" if kind == "v" else "commune_id": int(pk)}


class HouseholdCloseForm(forms.Form):
    reason_kind = forms.ChoiceField(label="Lý do xóa tên", choices=ClosedReason.choices)
    on = forms.DateField(label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Ghi chú (nhập vào hộ nào, nơi chuyển đến …)", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class HouseholdReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do khôi phục (ví dụ: xóa nhầm, hộ quay về sinh sống)", max_length=300)
