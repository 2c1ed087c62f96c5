"""How long a survey takes to answer, estimated from its questions.

Shown on the consultation page ("It takes about 6 minutes") so people can decide
whether to start now. A rough, stated-as-rough figure: seconds per question by type
(writing takes longer than ticking), plus a minute for the details and check pages,
rounded up to whole minutes.
"""

from __future__ import annotations

import math

SECONDS_BY_TYPE = {
    "long_text": 90,
    "short_text": 30,
    "ranking": 45,
    "likert": 30,
    "about_you": 60,
    "postcode": 15,
}
DEFAULT_SECONDS = 15  # a choice, a rating, a yes or no, a number, a date
FIXED_SECONDS = 60  # your details, check your answers


def minutes_to_complete(definition) -> int:
    """Whole minutes (at least 1), or 0 for a survey with no questions."""
    questions = [q for q in definition.questions if q.takes_answer or q.type == "about_you"]
    if not questions:
        return 0
    seconds = FIXED_SECONDS + sum(SECONDS_BY_TYPE.get(q.type, DEFAULT_SECONDS) for q in questions)
    return max(1, math.ceil(seconds / 60))
