"""Small memos for per-turn work that must not keep sensitive text around.

A turn is read by several components (the detector, the number assembler, the label
vocabulary, the redactor), which is why some results are worth remembering. A plain
``functools.lru_cache`` keyed on the text would keep hundreds of raw turns, and with
them card numbers and passwords, in process memory for as long as the process lives.
Two shapes are used instead:

* :class:`RecentMemo` keeps the results for the last few keys only (a turn's worth):
  a text leaves memory once that many newer texts were read;
* :func:`text_key` turns a text into a keyed digest (BLAKE2b with a per-process random
  key), for memos whose *results* hold no text (needle sets, offsets, label hits): such
  a memo never holds the text at all.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["RecentMemo", "text_key"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()

# Generated per process and never written anywhere: a digest cannot be looked up
# against a table of candidate values made elsewhere.
_DIGEST_KEY = os.urandom(32)


def text_key(text: str) -> bytes:
    """A 16-byte keyed digest of ``text``: equal texts, equal keys; no way back.

    The digests of the last few texts are remembered (the current turn is asked for
    its key by every label matcher): see :data:`_recent_keys`.
    """
    return _recent_keys(text)


def _digest(text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16, key=_DIGEST_KEY).digest()


class RecentMemo(Generic[K, V]):
    """``compute(key)``, remembered for the last ``size`` keys computed (first in, first
    out; thread-safe)."""

    def __init__(self, compute: Callable[[K], V], size: int):
        self._compute = compute
        self._size = size
        self._items: dict[K, V] = {}
        self._lock = threading.Lock()

    def __call__(self, key: K) -> V:
        found = self._items.get(key, _MISSING)  # a dict read is atomic: no lock needed
        if found is not _MISSING:
            return found  # type: ignore[return-value]  # stored as V
        value = self._compute(key)
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:  # the oldest entry goes first
                del self._items[next(iter(self._items))]
        return value

    def clear(self) -> None:
        """Forget everything (tests, or a caller that wants no text left behind)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


# The current turn and its lower-cased form, and a sentence or two of it: a few texts.
_recent_keys: RecentMemo[str, bytes] = RecentMemo(_digest, size=8)
