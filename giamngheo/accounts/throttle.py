"""Slow down password guessing: count failures per account and per address in the cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip: str) -> list[str]:
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{user_key}", f"login-fail:ip:{ip}"]


def login_blocked(*, username: str, ip: str) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    counts = cache.get_many(_keys(username, ip))
    return any(count >= limit for count in counts.values())


def login_failed(*, username: str, ip: str) -> None:
    for key in _keys(username, ip):
        if cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def login_succeeded(*, username: str, ip: str) -> None:
    cache.delete(_keys(username, ip)[0])
