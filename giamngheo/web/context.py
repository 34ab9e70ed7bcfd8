from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from giamngheo.registry.selectors import synthetic_data_present


def site(request: HttpRequest) -> dict[str, Any]:
    return {"synthetic_data": synthetic_data_present()}
