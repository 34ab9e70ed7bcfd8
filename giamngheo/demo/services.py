"""Prepare the demo: administrative units, a synthetic population and demo accounts (idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


@dataclass(frozen=True)
class DemoReport:
    logins: list[DemoLogin]


def demo_prepare(*, households: int, seed: int, progress: Callable[[str], None] = print) -> DemoReport:
    from giamngheo.geo.services import units_load

    progress("Nạp đơn vị hành chính…")
    units_load()
    return DemoReport(logins=[])
