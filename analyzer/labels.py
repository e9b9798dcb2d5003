"""The label set and the act-to-style mapping: the one source of truth.

Everything that names an act, a style, or a figure's ingredients imports it from here, so
the labelling guide (docs/labelling-guide.md), the corpus validator, the classifier and the
reports can never disagree about what "coaching" or "advice" means.
"""

from __future__ import annotations

from typing import Final

#: act -> style, in the order the guide presents them (coaching, neutral, directive).
ACT_STYLE: Final[dict[str, str]] = {
    "open_question": "coaching",
    "reflection": "coaching",
    "affirmation": "coaching",
    "closed_question": "neutral",
    "information": "neutral",
    "other": "neutral",
    "advice": "directive",
    "instruction": "directive",
    "leading_question": "directive",
}

ACTS: Final[tuple[str, ...]] = tuple(ACT_STYLE)
STYLES: Final[tuple[str, ...]] = ("coaching", "neutral", "directive")

#: Acts counted as "questions" in the reports. A leading question is not one: it is
#: advice in disguise.
QUESTION_ACTS: Final[frozenset[str]] = frozenset({"open_question", "closed_question"})
#: Acts counted as "advice" in the reports.
ADVICE_ACTS: Final[frozenset[str]] = frozenset({"advice", "instruction", "leading_question"})


def style_of(act: str) -> str:
    """Return the style an act implies; raise ``KeyError`` naming the act if unknown."""
    try:
        return ACT_STYLE[act]
    except KeyError:
        raise KeyError(f"unknown act {act!r}; expected one of {', '.join(ACTS)}") from None


def acts_of(style: str) -> tuple[str, ...]:
    """The acts that make up a style, in guide order."""
    if style not in STYLES:
        raise KeyError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
    return tuple(a for a, s in ACT_STYLE.items() if s == style)


#: The labels of the person being managed (staff, a report, a role-play "employee"). They
#: live in their own column, ``staff_act``, never in ``act``, and carry no style: the nine
#: acts and their figures describe managers only. Order as the guide presents them.
STAFF_ACTS: Final[tuple[str, ...]] = (
    "own_option",
    "commitment",
    "insight",
    "concern",
    "information",
    "agreement",
    "other",
)
#: Staff labels that show the person exploring: what a coaching question hopes to draw out,
#: and what a "missed coaching moment" answers with advice.
EXPLORING_STAFF_ACTS: Final[frozenset[str]] = frozenset({"own_option", "insight", "concern"})

#: Who a speaker is in the conversation. ``other`` (an observer, a facilitator) is kept in
#: every table but counted for neither side.
ROLES: Final[tuple[str, ...]] = ("manager", "staff", "other")
