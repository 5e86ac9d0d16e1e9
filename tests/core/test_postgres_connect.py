"""Opening a server database: the password from the keyring (never kept in the URL the
app shows or remembers), plain messages when the server cannot be reached. No server is
needed: a Store connects only when first used."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from sqlalchemy.engine import make_url

from cattool.core.errors import InputError
from cattool.core.secrets import (
    database_password,
    database_secret_name,
    forget_database_password,
    memory_keyring,
    remember_database_password,
)
from cattool.core.store import Store, open_store

URL = "postgresql+psycopg://alice@db.example.org:5433/trust"


@pytest.fixture
def memory() -> Any:
    previous = keyring.get_keyring()
    backend = memory_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_keyring_entry_is_user_at_host_port_database() -> None:
    assert database_secret_name(make_url(URL)) == "database:alice@db.example.org:5433/trust"
    default_port = make_url("postgresql+psycopg://bob@server/cases")
    assert database_secret_name(default_port) == "database:bob@server:5432/cases"


def test_the_password_comes_from_the_keyring_and_is_not_kept_in_the_url(memory: Any) -> None:
    remember_database_password(make_url(URL), "s3cret")
    assert memory.values == {("cattool", "database:alice@db.example.org:5433/trust"): "s3cret"}
    store = Store(URL)
    try:
        assert store.engine.url.password == "s3cret"
        assert store.url.password is None
        assert "s3cret" not in store.url.render_as_string(hide_password=False)
        assert store.display_name == "trust on db.example.org"
        assert not store.is_sqlite and store.sqlite_path is None
    finally:
        store.close()


def test_a_password_in_the_url_is_used_but_never_kept(memory: Any) -> None:
    store = Store("postgresql+psycopg://alice:typed@db.example.org:5433/trust")
    try:
        assert store.engine.url.password == "typed"
        assert store.url.password is None
        assert memory.values == {}  # nothing remembered behind the user's back
    finally:
        store.close()


def test_forgetting_a_password(memory: Any) -> None:
    remember_database_password(make_url(URL), "s3cret")
    forget_database_password(make_url(URL))
    forget_database_password(make_url(URL))  # twice: nothing to forget is fine
    assert database_password(make_url(URL)) is None
    assert Store(URL).engine.url.password is None


def test_without_a_keyring_there_is_no_password_and_no_prompt() -> None:
    # The test set-up selects keyring's null backend and no fallback passphrase.
    assert database_password(make_url(URL)) is None


def test_an_unreachable_server_is_a_plain_error_without_the_password() -> None:
    url = "postgresql+psycopg://alice:topsecret@127.0.0.1:1/trust?connect_timeout=2"
    with pytest.raises(InputError) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith("Cannot connect to postgresql+psycopg://alice@127.0.0.1:1/trust")
    assert "Connection refused" in message and "\n" not in message
    assert "topsecret" not in message
