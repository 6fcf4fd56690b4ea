"""Decision processes as data: the scales people use to place themselves on a proposal.

Each process is a list of options. An option has a stable key, a short label and a
plain-language meaning (written for this project; the Spanish is in the app's gettext
catalogue, like every other word of the interface), says whether
choosing it needs a reason (blocks, objections, serious reservations), and carries a
``support`` ordinal for analysis: higher means more support, ``None`` means the option says
nothing about support (abstaining, standing aside) and is left out of support figures.
No database here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

Text = str  # an English message of the catalogue


def _pick(text: Text, language: str) -> str:
    with translation.override(language.split("-")[0]):
        return gettext(text)


@dataclass(frozen=True)
class Option:
    key: str
    label_text: Text
    meaning_text: Text
    support: int | None
    needs_reason: bool = False

    def label(self, language: str = "en") -> str:
        return _pick(self.label_text, language)

    def meaning(self, language: str = "en") -> str:
        return _pick(self.meaning_text, language)


@dataclass(frozen=True)
class Process:
    key: str
    name_text: Text
    summary_text: Text
    options: tuple[Option, ...]

    def name(self, language: str = "en") -> str:
        return _pick(self.name_text, language)

    def summary(self, language: str = "en") -> str:
        return _pick(self.summary_text, language)

    @property
    def max_support(self) -> int:
        return max(o.support for o in self.options if o.support is not None)

    def option(self, key: str) -> Option:
        """Return the option called ``key``; raise KeyError when the process has none."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)

    def has_option(self, key: str) -> bool:
        return any(o.key == key for o in self.options)

    def support_ratio(self, key: str) -> float | None:
        """Return the option's support on a 0 … 1 scale, or None when it expresses none."""
        support = self.option(key).support
        return None if support is None else support / self.max_support

    def choices(self, language: str = "en") -> list[dict[str, object]]:
        """Return the options as plain dicts (the live session's item config uses this shape)."""
        return [
            {
                "key": o.key,
                "label": o.label(language),
                "meaning": o.meaning(language),
                "needs_reason": o.needs_reason,
            }
            for o in self.options
        ]


GRADIENTS = Process(
    key="gradients",
    name_text=gettext_noop("Gradients of agreement"),
    summary_text=gettext_noop(
        "Eight steps from full support to a block, so that lukewarm agreement and quiet "
        "doubts become visible before the group commits."
    ),
    options=(
        Option(
            "endorse",
            gettext_noop("Whole-hearted endorsement"),
            gettext_noop("I fully support this as it stands."),
            7,
        ),
        Option(
            "endorse_minor",
            gettext_noop("Endorse with a minor point"),
            gettext_noop("I support it; there is a small point I would like noted."),
            6,
        ),
        Option(
            "agree_reservations",
            gettext_noop("Agree with reservations"),
            gettext_noop("I can live with it, although I am not enthusiastic."),
            5,
        ),
        Option(
            "abstain",
            gettext_noop("Abstain"),
            gettext_noop("I have no opinion on this, or do not know enough to take a side."),
            None,
        ),
        Option(
            "serious_reservations",
            gettext_noop("Serious reservations"),
            gettext_noop(
                "I have real concerns, but I will not stand in the group's way. Say what "
                "would have to change."
            ),
            3,
            needs_reason=True,
        ),
        Option(
            "disagree_go_along",
            gettext_noop("Disagree, but will go along"),
            gettext_noop(
                "I disagree and want that on record, yet I will support what the group decides."
            ),
            2,
            needs_reason=True,
        ),
        Option(
            "disagree_step_back",
            gettext_noop("Disagree, and will not help carry it out"),
            gettext_noop(
                "I will not stop the group, but I ask not to be responsible for carrying this out."
            ),
            1,
            needs_reason=True,
        ),
        Option(
            "block",
            gettext_noop("Block"),
            gettext_noop(
                "I cannot accept this going ahead. Explain why, so the group can look for "
                "another way."
            ),
            0,
            needs_reason=True,
        ),
    ),
)

CONSENSUS_WITH_BLOCK = Process(
    key="consensus_block",
    name_text=gettext_noop("Consensus with block"),
    summary_text=gettext_noop(
        "Agree, abstain, disagree or block. A single block stops the proposal until the "
        "group has dealt with it."
    ),
    options=(
        Option(
            "agree",
            gettext_noop("Agree"),
            gettext_noop("I support this going ahead."),
            2,
        ),
        Option(
            "abstain",
            gettext_noop("Abstain"),
            gettext_noop("I step aside: the group can decide without me."),
            None,
        ),
        Option(
            "disagree",
            gettext_noop("Disagree"),
            gettext_noop("I would rather we did not do this, but I will not stop it."),
            1,
        ),
        Option(
            "block",
            gettext_noop("Block"),
            gettext_noop("This should not go ahead. Explain what is at stake."),
            0,
            needs_reason=True,
        ),
    ),
)

CONSENT = Process(
    key="consent",
    name_text=gettext_noop("Consent"),
    summary_text=gettext_noop(
        "Not \u201cdo you like it?\u201d but \u201cis it good enough for now and safe "
        "enough to try?\u201d An objection needs a reason the group can work with."
    ),
    options=(
        Option(
            "consent",
            gettext_noop("Consent"),
            gettext_noop("Good enough for now and safe enough to try."),
            1,
        ),
        Option(
            "objection",
            gettext_noop("Objection"),
            gettext_noop("Trying this would cause harm or set us back. Say what and why."),
            0,
            needs_reason=True,
        ),
    ),
)

FIST_TO_FIVE = Process(
    key="fist_to_five",
    name_text=gettext_noop("Fist to five"),
    summary_text=gettext_noop(
        "Show a fist or up to five fingers: the more fingers, the more support."
    ),
    options=(
        Option(
            "five",
            gettext_noop("Five fingers"),
            gettext_noop("A great idea; I will help lead it."),
            5,
        ),
        Option(
            "four",
            gettext_noop("Four fingers"),
            gettext_noop("A good idea; I am for it."),
            4,
        ),
        Option(
            "three",
            gettext_noop("Three fingers"),
            gettext_noop("I can go along with it, without much enthusiasm."),
            3,
        ),
        Option(
            "two",
            gettext_noop("Two fingers"),
            gettext_noop("I have some concerns I would like to talk through."),
            2,
        ),
        Option(
            "one",
            gettext_noop("One finger"),
            gettext_noop("I have serious concerns; we should not decide before discussing them."),
            1,
            needs_reason=True,
        ),
        Option(
            "fist",
            gettext_noop("Fist"),
            gettext_noop("No: I cannot support this. Say why."),
            0,
            needs_reason=True,
        ),
    ),
)

SENSE_CHECK = Process(
    key="sense_check",
    name_text=gettext_noop("Sense check"),
    summary_text=gettext_noop(
        "A quick read of the room before anything is decided: for, unsure or concerned."
    ),
    options=(
        Option(
            "for",
            gettext_noop("For it"),
            gettext_noop("This makes sense to me."),
            2,
        ),
        Option(
            "unsure",
            gettext_noop("Unsure"),
            gettext_noop("I need to know or hear more."),
            1,
        ),
        Option(
            "concerned",
            gettext_noop("Concerned"),
            gettext_noop("Something here worries me."),
            0,
        ),
    ),
)

PROCESSES: dict[str, Process] = {
    p.key: p for p in (GRADIENTS, CONSENSUS_WITH_BLOCK, CONSENT, FIST_TO_FIVE, SENSE_CHECK)
}
DEFAULT_PROCESS = GRADIENTS.key


def get_process(key: str) -> Process:
    """Return the process called ``key``; raise KeyError when there is none."""
    return PROCESSES[key]


def process_choices(language: str = "en") -> list[tuple[str, str]]:
    return [(p.key, p.name(language)) for p in PROCESSES.values()]
