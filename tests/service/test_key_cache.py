"""The in-memory API-key cache: verified keys are remembered for the TTL only, failures
never, a revoked prefix is forgotten at once, and the table stays bounded."""

from __future__ import annotations

import pytest

from service.key_cache import KeyCache
from service.keys import Principal

ALICE = Principal("alice", "ingest", "pgk_i_aaaaaa")
BOB = Principal("bob", "reviewer", "pgk_r_bbbbbb")


class FakeDatabase:
    """Answers like authenticate() and counts how often it was asked."""

    def __init__(self, live: dict[str, Principal]):
        self.live = dict(live)
        self.asked = 0

    def verify(self, key: str) -> Principal | None:
        self.asked += 1
        return self.live.get(key)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase({"key-a": ALICE, "key-b": BOB})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.mark.parametrize(
    ("elapsed", "asks_again"),
    [(0.0, False), (4.9, False), (5.0, True), (60.0, True)],
)
def test_a_verified_key_is_remembered_for_the_ttl_only(
    db: FakeDatabase, clock: Clock, elapsed: float, asks_again: bool
) -> None:
    cache = KeyCache(db.verify, ttl_seconds=5.0, clock=clock)
    assert cache.principal("key-a") == ALICE
    clock.now += elapsed
    assert cache.principal("key-a") == ALICE
    assert db.asked == (2 if asks_again else 1)


def test_revocation_elsewhere_takes_effect_when_the_ttl_runs_out(
    db: FakeDatabase, clock: Clock
) -> None:
    cache = KeyCache(db.verify, ttl_seconds=5.0, clock=clock)
    assert cache.principal("key-a") == ALICE
    del db.live["key-a"]  # revoked by another process
    assert cache.principal("key-a") == ALICE, "still remembered within the TTL"
    clock.now += 5.0
    assert cache.principal("key-a") is None
    assert cache.principal("key-a") is None and db.asked == 3, "failures are not remembered"


@pytest.mark.parametrize("key", ["wrong", "", "key-a ", "KEY-A"])
def test_unknown_keys_always_reach_the_database(db: FakeDatabase, clock: Clock, key: str) -> None:
    cache = KeyCache(db.verify, clock=clock)
    assert cache.principal(key) is None
    assert cache.principal(key) is None
    assert db.asked == 2


def test_a_key_created_after_a_failed_try_works_at_once(db: FakeDatabase, clock: Clock) -> None:
    cache = KeyCache(db.verify, clock=clock)
    assert cache.principal("key-new") is None
    db.live["key-new"] = BOB
    assert cache.principal("key-new") == BOB


def test_forget_drops_only_that_prefix(db: FakeDatabase, clock: Clock) -> None:
    cache = KeyCache(db.verify, clock=clock)
    cache.principal("key-a")
    cache.principal("key-b")
    del db.live["key-a"]
    cache.forget(ALICE.prefix)
    assert cache.principal("key-a") is None, "revoked here: refused at once"
    assert cache.principal("key-b") == BOB
    assert db.asked == 3, "bob is still remembered"


def test_the_table_is_bounded(clock: Clock) -> None:
    db = FakeDatabase({f"key-{n}": ALICE for n in range(50)})
    cache = KeyCache(db.verify, max_entries=10, clock=clock)
    for n in range(50):
        cache.principal(f"key-{n}")
    assert len(cache._entries) <= 10
    assert cache.principal("key-49") == ALICE


def test_the_plaintext_key_is_not_kept(db: FakeDatabase, clock: Clock) -> None:
    cache = KeyCache(db.verify, clock=clock)
    cache.principal("key-a")
    assert "key-a" not in repr(cache._entries)


def test_remembered_answers_from_memory_only(db: FakeDatabase, clock: Clock) -> None:
    """What the event loop may ask: a key verified within the TTL, else None, and the
    database is never asked (a miss goes to a worker thread through principal())."""
    cache = KeyCache(db.verify, ttl_seconds=5, clock=clock)
    assert cache.remembered("key-a") is None and db.asked == 0, "not verified yet"
    assert cache.principal("key-a") == ALICE and db.asked == 1
    assert cache.remembered("key-a") == ALICE
    assert cache.remembered("key-b") is None, "another key is not remembered"
    clock.now += 5.0
    assert cache.remembered("key-a") is None, "past the TTL"
    assert db.asked == 1
    cache.principal("key-a")
    cache.forget(ALICE.prefix)
    assert cache.remembered("key-a") is None, "revoked here: forgotten at once"
