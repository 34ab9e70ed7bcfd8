"""Where the current request comes from, so that audit events can say "from where" without threading it
through every service call."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip: str = ""
    user_agent: str = ""
    channel: str = "system"  # web, api, cli, system


# RequestOrigin is a frozen dataclass, so sharing one default instance is safe.
_origin: ContextVar[RequestOrigin] = ContextVar("giamngheo_request_origin", default=RequestOrigin())  # noqa: B039


def current_origin() -> RequestOrigin:
    return _origin.get()


def set_origin(origin: RequestOrigin) -> object:
    return _origin.set(origin)


def reset_origin(token: object) -> None:
    _origin.reset(token)  # type: ignore[arg-type]
