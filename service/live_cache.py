"""Conversations this process decided a turn of last, kept to decide their next turn.

Rebuilding a conversation from its stored state (``Conversation.from_state``) costs
~0.4 ms a turn (its risk is recomputed), a tenth of what the service adds to the engine
(issue 18). A client's turns usually reach the process that took the previous one (a
keep-alive connection stays on one worker), so the conversation is kept here after its
turn is stored, with the state that was stored.

It is used only while that state is still the stored one: the turn's one read of the
conversation returns its state, and a kept conversation whose state differs (another
process or replica took a turn since, or the conversation was erased and begun again) is
dropped and rebuilt from the store. A kept conversation is taken out while a turn is
being decided with it, so two requests never share one; the other rebuilds its own.

Nothing here is stored or logged: a conversation object holds what its state holds.
"""

from __future__ import annotations

import threading
from typing import Any

from piiguard.conversation import Conversation

DEFAULT_MAX_ENTRIES = 2_000


class LiveConversations:
    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES):
        self.max_entries = max_entries
        self._kept: dict[str, tuple[dict[str, Any], Conversation]] = {}
        self._lock = threading.Lock()

    def take(self, conversation_id: str, stored_state: dict[str, Any]) -> Conversation | None:
        """The kept conversation if ``stored_state`` is the state it was stored with (it
        is then no longer kept); None otherwise."""
        with self._lock:
            kept = self._kept.pop(conversation_id, None)
        if kept is None or kept[0] != stored_state:
            return None
        return kept[1]

    def keep(self, conversation_id: str, state: dict[str, Any], conversation: Conversation) -> None:
        """Keep ``conversation``, whose turn was just stored with ``state``."""
        with self._lock:
            self._kept.pop(conversation_id, None)
            if len(self._kept) >= self.max_entries:  # the least recently kept goes
                del self._kept[next(iter(self._kept))]
            self._kept[conversation_id] = (state, conversation)

    def forget(self, conversation_id: str) -> None:
        with self._lock:
            self._kept.pop(conversation_id, None)

    def __len__(self) -> int:
        return len(self._kept)
