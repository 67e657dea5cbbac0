"""Values after a password label that are words, not passwords ("password is wrong")."""

from __future__ import annotations

NOT_A_VALUE = frozenset(
    """
    is was the a an and or to for of on in at by from as if so but via over under until
    not no yes wrong incorrect correct invalid valid required requirements requirement
    too also still reset changed change expired locked same different doesn't does did
    didn't will would should can could must please my your our their it its it's this
    that these those here there again now never ever just only field manager strength
    policy protected hint sent set yet anyone with without into has have had been being
    be do don't won't isn't wasn't weak strong long short new old current itself
    update updated enter entered typed forgot forgotten same mine yours hers his
    """.split()
)


def invalidate(value: str) -> bool:
    """True when the text after a password label is an ordinary word, not a value."""
    word = value.split(" ", 1)[0].strip(".,;:!?\"'()").lower()
    return word in NOT_A_VALUE or len(word) < 3
