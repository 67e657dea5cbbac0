"""piiguard: find, redact and block sensitive data in customer-support conversations.

>>> from piiguard import Guard, GuardConfig, Turn
>>> guard = Guard.build(GuardConfig(recognizer_folders=("recognizers",)))  # doctest: +SKIP
>>> conversation = guard.conversation(channel="chat")  # doctest: +SKIP
>>> conversation.add_turn(Turn("agent", "请把验证码报给我")).action  # doctest: +SKIP
'block'
"""

from piiguard.conversation import Conversation, scan_transcript
from piiguard.engine import Detector
from piiguard.errors import ConfigError, InputError, PiiguardError
from piiguard.guard import Guard, GuardConfig
from piiguard.model import (
    AudioRedaction,
    Finding,
    RequestTrigger,
    Risk,
    ScanResult,
    Signal,
    Transcript,
    Turn,
    TurnDecision,
    Word,
)
from piiguard.normalize import NormalizedText, normalize
from piiguard.policy import Policy
from piiguard.redact import OperatorSpec, Redactor
from piiguard.validators import register_validator

__all__ = [
    "AudioRedaction",
    "ConfigError",
    "Conversation",
    "Detector",
    "Finding",
    "Guard",
    "GuardConfig",
    "InputError",
    "NormalizedText",
    "OperatorSpec",
    "PiiguardError",
    "Policy",
    "Redactor",
    "RequestTrigger",
    "Risk",
    "ScanResult",
    "Signal",
    "Transcript",
    "Turn",
    "TurnDecision",
    "Word",
    "normalize",
    "register_validator",
    "scan_transcript",
]

__version__ = "0.1.0"
