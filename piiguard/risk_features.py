"""Features of the learned scam-risk model: n-grams per speaker, cue kinds, nothing else.

A turn becomes a set of strings: Chinese character 2- and 3-grams (inside runs of Han
characters, never across punctuation) and English word 1- and 2-grams, each prefixed
with who said it (``a:`` agent, ``c:`` customer, ``s:`` a system turn: the SMS or
notification a phishing chat starts from). Digits and the ``#`` of masked values
never form a feature, so a feature cannot hold a sensitive value. The keyword signals'
kinds join as ``k:<kind>`` (``k:customer:<kind>`` when only the customer said it,
``k:system:<kind>`` when it came in a system turn and not from the agent,
``k:protective`` for a protective statement, ``k:ctx:<name>`` for the context cues of
``risk.yaml`` that tell the real support from its imitation: the customer reporting
fraud, an official channel named, an action done for the customer, a request named
only to warn against it).

The words that separate the external training sets' classes almost on their own
(:data:`SHORTCUT_WORDS`: 身份证, 银行卡, 转账, "social security", "gift card") are erased
before the n-grams are taken, so the model cannot lean on them; the keyword signals,
which read them in context (a request for an ID number, a transfer to a "safe
account"), still see them.

A conversation is the union of its turns' sets, so the features after each turn only
grow and the score can be kept turn by turn (:mod:`piiguard.risk_learned`). Training
(:mod:`piiguard.risk_train`) and scoring call the same functions.

>>> sorted(turn_features("agent", "请转到安全账户"))[:3]
['a:全账', 'a:全账户', 'a:到安']
"""

from __future__ import annotations

import re

__all__ = [
    "CONTEXT_PREFIX",
    "KIND_PREFIX",
    "PROTECTIVE_FEATURE",
    "SHORTCUT_WORDS",
    "kind_feature",
    "turn_features",
]

SHORTCUT_WORDS = ("身份证", "银行卡", "转账", "social security", "gift card")
_SHORTCUT = re.compile("|".join(re.escape(w) for w in SHORTCUT_WORDS))

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_PREFIX = {"agent": "a:", "customer": "c:", "system": "s:"}
KIND_PREFIX = "k:"
CONTEXT_PREFIX = "k:ctx:"
PROTECTIVE_FEATURE = "k:protective"


def turn_features(speaker: str, text: str) -> set[str]:
    """The n-gram features of one turn (empty for speakers other than agent, customer and
    system)."""
    prefix = _PREFIX.get(speaker)
    if prefix is None or not text:
        return set()
    lowered = _SHORTCUT.sub(" ", text.lower())
    out: set[str] = set()
    for run in _HAN_RUN.findall(lowered):
        for n in (2, 3):
            out.update(prefix + run[i : i + n] for i in range(len(run) - n + 1))
    words = _WORD.findall(lowered)
    out.update(prefix + w for w in words)
    out.update(f"{prefix}{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return out


def kind_feature(kind: str, by_agent: bool = True, by: str | None = None) -> str:
    """The feature of a keyword signal kind (``request:VERIFICATION_CODE`` included).

    A kind only the customer said is a feature of its own (``k:customer:remote_access``):
    a customer retelling what a scammer said ("he told me to install a meeting app") is
    how a call to the real support starts, not the scam itself. ``by="system"``: a kind
    that came in a system turn (the phishing SMS with its link) and not from the agent.
    """
    if by == "system":
        return f"{KIND_PREFIX}system:{kind}"
    return KIND_PREFIX + kind if by_agent else f"{KIND_PREFIX}customer:{kind}"
