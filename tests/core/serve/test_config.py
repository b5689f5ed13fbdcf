"""The server is safe by default: loopback only unless asked, origins listed one by one."""

from __future__ import annotations

import pytest

from desktop_app.core.serve.config import ServeConfig, ServeConfigError, checked_config, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.9.9", "::1", "[::1]", "localhost"])
def test_loopback_addresses_are_recognised(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "gpu-box.local"])
def test_other_addresses_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_serving_to_the_network_needs_the_explicit_flag() -> None:
    with pytest.raises(ServeConfigError, match="--allow-remote"):
        checked_config(ServeConfig(host="0.0.0.0"))

    assert checked_config(ServeConfig(host="0.0.0.0"), allow_remote=True).host == "0.0.0.0"


@pytest.mark.parametrize("origin", ["*", "https://*.example.com", "example.com", "http://localhost:3000/"])
def test_a_wildcard_or_malformed_origin_is_refused(origin: str) -> None:
    with pytest.raises(ServeConfigError):
        checked_config(ServeConfig(allowed_origins=(origin,)))


def test_listed_origins_are_kept() -> None:
    config = checked_config(ServeConfig(allowed_origins=("http://localhost:3000", "https://app.example")))

    assert config.allowed_origins == ("http://localhost:3000", "https://app.example")


def test_the_address_is_the_api_base_a_client_is_given() -> None:
    assert ServeConfig(port=8401).address == "http://127.0.0.1:8401/v1"
    assert ServeConfig(host="::1", port=9).address == "http://[::1]:9/v1"
