"""The client's address: X-Forwarded-For only from a declared proxy, right-most untrusted hop; IPv6 limited by /64."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.test.utils import override_settings

from giamngheo.common.middleware import client_ip
from giamngheo.policies.lookup import address_group

PROXY = "10.9.0.2"


def ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_header_is_never_read() -> None:
    assert ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    with override_settings(TRUSTED_PROXIES=[]):
        assert ip(PROXY, "198.51.100.1") == PROXY


@override_settings(TRUSTED_PROXIES=[PROXY, "10.8.0.0/24", "fd00::/64"])
def test_from_a_trusted_proxy_the_right_most_untrusted_address_is_the_client() -> None:
    assert ip(PROXY, "198.51.100.1") == "198.51.100.1"
    # Whatever the client wrote itself stays on the left and is not believed.
    assert ip(PROXY, "1.2.3.4, 198.51.100.1") == "198.51.100.1"
    # Proxies in a chain (an address or a network of them) are skipped.
    assert ip(PROXY, "1.2.3.4, 198.51.100.1, 10.8.0.5") == "198.51.100.1"
    assert ip("fd00::1", "2001:db8:1:2::9, fd00::3") == "2001:db8:1:2::9"
    assert ip("[fd00::1]:4431", "[2001:db8::5]:80") == "2001:db8::5"
    assert ip("::ffff:10.9.0.2", "198.51.100.1:5000") == "198.51.100.1"
    # No header, or a malformed hop: the last trusted hop, never what lies beyond it.
    assert ip(PROXY) == PROXY
    assert ip(PROXY, "1.2.3.4, nonsense") == PROXY
    assert ip(PROXY, "1.2.3.4, not-an-ip, 10.8.0.5") == "10.8.0.5"
    # Another peer's header is ignored, even one naming a trusted proxy.
    assert ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert ip("203.0.113.7", PROXY) == "203.0.113.7"


def test_settings_reject_what_is_not_an_address(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib

    import config.settings
    from giamngheo.common.config import ConfigError

    monkeypatch.setenv("GIAMNGHEO_TRUSTED_PROXIES", "10.0.0.1, proxy.example")
    with pytest.raises(ConfigError):
        importlib.reload(config.settings)
    monkeypatch.setenv("GIAMNGHEO_TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16 ,::1")
    assert importlib.reload(config.settings).TRUSTED_PROXIES == ["10.0.0.1", "10.1.0.0/16", "::1"]
    monkeypatch.delenv("GIAMNGHEO_TRUSTED_PROXIES")
    assert importlib.reload(config.settings).TRUSTED_PROXIES == []


def test_ipv6_addresses_share_a_limit_per_64() -> None:
    assert address_group("2001:db8:1:2::9") == address_group("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::/64"
    assert address_group("2001:db8:1:3::9") != address_group("2001:db8:1:2::9")
    assert address_group("::ffff:203.0.113.7") == address_group("203.0.113.7") == "203.0.113.7"
    assert address_group("") == ""


def lookup(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=remote).post("/tra-cuu/", {"ma_ho": "CX-9999", "so_dinh_danh": "042070000101"},
                                           **extra)


def outcomes() -> list[str]:
    from giamngheo.policies.models import LookupLog

    return list(LookupLog.objects.order_by("id").values_list("outcome", flat=True))


@pytest.mark.django_db
def test_residents_behind_a_trusted_proxy_have_limits_of_their_own() -> None:
    with override_settings(TRUSTED_PROXIES=[PROXY], LOOKUP_LIMIT_PER_ADDRESS=2, LOOKUP_LIMIT_PER_CODE=100):
        for _ in range(3):
            lookup(PROXY, "198.51.100.1")
        lookup(PROXY, "198.51.100.2")
    assert outcomes() == ["no_match", "no_match", "limited", "no_match"]
    from giamngheo.policies.models import LookupLog

    assert LookupLog.objects.order_by("id").last().ip == "198.51.100.2"


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_limit() -> None:
    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=2, LOOKUP_LIMIT_PER_CODE=100):
        for number in range(3):
            lookup("203.0.113.7", f"198.51.100.{number}")
    assert outcomes() == ["no_match", "no_match", "limited"]


@pytest.mark.django_db
def test_one_phones_ipv6_addresses_count_as_one() -> None:
    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=2, LOOKUP_LIMIT_PER_CODE=100):
        lookup("2001:db8:1:2::1")
        lookup("2001:db8:1:2::2")
        lookup("2001:db8:1:2:abcd::3")  # same /64: over the limit
        lookup("2001:db8:1:3::1")  # the neighbour's /64
    assert outcomes() == ["no_match", "no_match", "limited", "no_match"]
