"""The API token: random, made on first use, kept readable by its owner only, never shown by repr."""

from __future__ import annotations

import stat
from pathlib import Path

from desktop_app.core.serve.token import ApiToken, regenerate_token, stored_token, token_path


def test_the_token_is_made_once_and_kept_private(data_dir: Path) -> None:
    first = stored_token()

    assert stored_token() == first
    assert len(first) >= 40
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600
    assert token_path().parent == data_dir


def test_regenerating_gives_a_new_stored_token() -> None:
    old = stored_token()

    new = regenerate_token()

    assert new != old
    assert stored_token() == new
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600


def test_only_the_bearer_token_is_accepted() -> None:
    token = ApiToken("ink-abc")

    assert token.accepts("Bearer ink-abc")
    assert token.accepts("bearer ink-abc")
    assert not token.accepts("Bearer ink-abd")
    assert not token.accepts("Basic ink-abc")
    assert not token.accepts("")
    assert not token.accepts(None)


def test_a_changed_token_replaces_the_old_one_at_once() -> None:
    token = ApiToken("old")

    token.value = "new"

    assert token.accepts("Bearer new")
    assert not token.accepts("Bearer old")


def test_the_token_never_appears_in_its_repr() -> None:
    assert "secret" not in repr(ApiToken("secret"))
