"""cattool.core.secrets: the OS keyring when usable, else an encrypted file (never
plain text), and never the developer's real keyring in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import chainer, fail, null

from cattool.core import secrets
from cattool.core.secrets import (
    EncryptedFileStore,
    KeyringStore,
    SecretsUnavailable,
    keyring_usable,
    memory_keyring,
    secret_store,
)


@pytest.fixture(autouse=True)
def restore_keyring() -> Any:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_memory_keyring_is_used_and_round_trips() -> None:
    backend = memory_keyring()
    keyring.set_keyring(backend)
    store = secret_store()
    assert isinstance(store, KeyringStore)
    store.set("organisation-signing-key", "abc")
    assert store.get("organisation-signing-key") == "abc"
    assert backend.values == {("cattool", "organisation-signing-key"): "abc"}
    store.delete("organisation-signing-key")
    store.delete("organisation-signing-key")  # deleting nothing is fine
    assert store.get("organisation-signing-key") is None


def test_memory_keyring_is_never_picked_by_keyring_itself() -> None:
    from keyring.backend import get_all_keyring

    memory_keyring()
    assert not any(type(k).__name__ == "MemoryKeyring" for k in get_all_keyring())


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_no_usable_keyring(backend: Any) -> None:
    keyring.set_keyring(backend)
    assert not keyring_usable()


def test_empty_chainer_is_not_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(chainer.ChainerBackend())
    assert not keyring_usable()


def test_fallback_file_is_encrypted_and_warned(
    monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv(secrets.PASSPHRASE_ENV, "correct horse")
    store = secret_store()
    assert isinstance(store, EncryptedFileStore)
    assert "No usable OS keyring" in caplog.text
    store.set("organisation-signing-key", "TOP-SECRET-VALUE")
    store.set("other", "x")
    raw = (isolated_data_dir / secrets.FALLBACK_FILE).read_bytes()
    assert b"TOP-SECRET-VALUE" not in raw and b"organisation-signing-key" not in raw
    assert (isolated_data_dir / secrets.FALLBACK_FILE).stat().st_mode & 0o077 == 0
    assert secret_store().get("organisation-signing-key") == "TOP-SECRET-VALUE"
    monkeypatch.setenv(secrets.PASSPHRASE_ENV, "wrong")
    with pytest.raises(SecretsUnavailable, match="Wrong passphrase"):
        secret_store().get("organisation-signing-key")


def test_fallback_asks_each_time_without_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyring.set_keyring(null.Keyring())
    monkeypatch.delenv(secrets.PASSPHRASE_ENV, raising=False)
    asked = []
    store = secret_store(lambda: asked.append(1) or "typed")
    store.set("k", "v")
    assert secret_store(lambda: "typed").get("k") == "v"
    assert asked == [1]  # asked once per store, not per call


def test_fallback_without_any_passphrase_stores_nothing(
    monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path
) -> None:
    keyring.set_keyring(null.Keyring())
    monkeypatch.delenv(secrets.PASSPHRASE_ENV, raising=False)
    with pytest.raises(SecretsUnavailable, match="No OS keyring"):
        secret_store().set("k", "v")
    assert not (isolated_data_dir / secrets.FALLBACK_FILE).exists()
