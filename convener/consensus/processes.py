"""Decision processes as data: the scales people use to place themselves on a proposal.

Each process is a list of options. An option has a stable key, a short label and a
plain-language meaning (both in English and Spanish, written for this project), says whether
choosing it needs a reason (blocks, objections, serious reservations), and carries a
``support`` ordinal for analysis: higher means more support, ``None`` means the option says
nothing about support (abstaining, standing aside) and is left out of support figures.
No database here.
"""

from __future__ import annotations

from dataclasses import dataclass

Text = dict[str, str]  # language code → text


def _pick(text: Text, language: str) -> str:
    return text.get(language.split("-")[0]) or text["en"]


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
    name_text={"en": "Gradients of agreement", "es": "Grados de acuerdo"},
    summary_text={
        "en": "Eight steps from full support to a block, so that lukewarm agreement and quiet "
        "doubts become visible before the group commits.",
        "es": "Ocho pasos desde el apoyo total hasta el bloqueo, para que el acuerdo tibio y las "
        "dudas calladas se vean antes de que el grupo se comprometa.",
    },
    options=(
        Option(
            "endorse",
            {"en": "Whole-hearted endorsement", "es": "Apoyo total"},
            {
                "en": "I fully support this as it stands.",
                "es": "Apoyo esto por completo, tal como está.",
            },
            7,
        ),
        Option(
            "endorse_minor",
            {"en": "Endorse with a minor point", "es": "Apoyo con un detalle"},
            {
                "en": "I support it; there is a small point I would like noted.",
                "es": "Lo apoyo; hay un detalle menor que quiero que se anote.",
            },
            6,
        ),
        Option(
            "agree_reservations",
            {"en": "Agree with reservations", "es": "De acuerdo con reservas"},
            {
                "en": "I can live with it, although I am not enthusiastic.",
                "es": "Puedo aceptarlo, aunque no me entusiasma.",
            },
            5,
        ),
        Option(
            "abstain",
            {"en": "Abstain", "es": "Me abstengo"},
            {
                "en": "I have no opinion on this, or do not know enough to take a side.",
                "es": "No tengo opinión sobre esto, o no sé lo suficiente para tomar partido.",
            },
            None,
        ),
        Option(
            "serious_reservations",
            {"en": "Serious reservations", "es": "Reservas serias"},
            {
                "en": "I have real concerns, but I will not stand in the group's way. Say what "
                "would have to change.",
                "es": "Tengo preocupaciones de fondo, pero no voy a frenar al grupo. Diga qué "
                "tendría que cambiar.",
            },
            3,
            needs_reason=True,
        ),
        Option(
            "disagree_go_along",
            {"en": "Disagree, but will go along", "es": "En desacuerdo, pero acompaño"},
            {
                "en": "I disagree and want that on record, yet I will support what the group "
                "decides.",
                "es": "No estoy de acuerdo y quiero que conste, pero apoyaré lo que decida el "
                "grupo.",
            },
            2,
            needs_reason=True,
        ),
        Option(
            "disagree_step_back",
            {
                "en": "Disagree, and will not help carry it out",
                "es": "En desacuerdo, y no ayudaré a llevarlo a cabo",
            },
            {
                "en": "I will not stop the group, but I ask not to be responsible for carrying "
                "this out.",
                "es": "No detendré al grupo, pero pido no ser responsable de llevarlo a cabo.",
            },
            1,
            needs_reason=True,
        ),
        Option(
            "block",
            {"en": "Block", "es": "Bloqueo"},
            {
                "en": "I cannot accept this going ahead. Explain why, so the group can look for "
                "another way.",
                "es": "No puedo aceptar que esto siga adelante. Explique por qué, para que el "
                "grupo busque otro camino.",
            },
            0,
            needs_reason=True,
        ),
    ),
)

CONSENSUS_WITH_BLOCK = Process(
    key="consensus_block",
    name_text={"en": "Consensus with block", "es": "Consenso con bloqueo"},
    summary_text={
        "en": "Agree, abstain, disagree or block. A single block stops the proposal until the "
        "group has dealt with it.",
        "es": "De acuerdo, abstención, desacuerdo o bloqueo. Un solo bloqueo detiene la propuesta "
        "hasta que el grupo lo haya atendido.",
    },
    options=(
        Option(
            "agree",
            {"en": "Agree", "es": "De acuerdo"},
            {"en": "I support this going ahead.", "es": "Apoyo que esto siga adelante."},
            2,
        ),
        Option(
            "abstain",
            {"en": "Abstain", "es": "Me abstengo"},
            {
                "en": "I step aside: the group can decide without me.",
                "es": "Me hago a un lado: el grupo puede decidir sin mí.",
            },
            None,
        ),
        Option(
            "disagree",
            {"en": "Disagree", "es": "En desacuerdo"},
            {
                "en": "I would rather we did not do this, but I will not stop it.",
                "es": "Preferiría que no lo hiciéramos, pero no lo voy a impedir.",
            },
            1,
        ),
        Option(
            "block",
            {"en": "Block", "es": "Bloqueo"},
            {
                "en": "This should not go ahead. Explain what is at stake.",
                "es": "Esto no debe seguir adelante. Explique qué está en juego.",
            },
            0,
            needs_reason=True,
        ),
    ),
)

CONSENT = Process(
    key="consent",
    name_text={"en": "Consent", "es": "Consentimiento"},
    summary_text={
        "en": "Not \u201cdo you like it?\u201d but \u201cis it good enough for now and safe "
        "enough to try?\u201d An objection needs a reason the group can work with.",
        "es": "No \u00bfle gusta?, sino \u00bfes suficientemente bueno por ahora y seguro para "
        "probarlo? Una objeci\u00f3n necesita una raz\u00f3n con la que el grupo pueda trabajar.",
    },
    options=(
        Option(
            "consent",
            {"en": "Consent", "es": "Doy mi consentimiento"},
            {
                "en": "Good enough for now and safe enough to try.",
                "es": "Suficientemente bueno por ahora y seguro para probarlo.",
            },
            1,
        ),
        Option(
            "objection",
            {"en": "Objection", "es": "Objeción"},
            {
                "en": "Trying this would cause harm or set us back. Say what and why.",
                "es": "Probar esto causaría daño o nos haría retroceder. Diga qué y por qué.",
            },
            0,
            needs_reason=True,
        ),
    ),
)

FIST_TO_FIVE = Process(
    key="fist_to_five",
    name_text={"en": "Fist to five", "es": "Del puño a los cinco dedos"},
    summary_text={
        "en": "Show a fist or up to five fingers: the more fingers, the more support.",
        "es": "Muestre el puño o hasta cinco dedos: cuantos más dedos, más apoyo.",
    },
    options=(
        Option(
            "five",
            {"en": "Five fingers", "es": "Cinco dedos"},
            {
                "en": "A great idea; I will help lead it.",
                "es": "Una gran idea; ayudaré a impulsarla.",
            },
            5,
        ),
        Option(
            "four",
            {"en": "Four fingers", "es": "Cuatro dedos"},
            {"en": "A good idea; I am for it.", "es": "Una buena idea; estoy a favor."},
            4,
        ),
        Option(
            "three",
            {"en": "Three fingers", "es": "Tres dedos"},
            {
                "en": "I can go along with it, without much enthusiasm.",
                "es": "Puedo acompañarla, sin mucho entusiasmo.",
            },
            3,
        ),
        Option(
            "two",
            {"en": "Two fingers", "es": "Dos dedos"},
            {
                "en": "I have some concerns I would like to talk through.",
                "es": "Tengo algunas dudas que me gustaría conversar.",
            },
            2,
        ),
        Option(
            "one",
            {"en": "One finger", "es": "Un dedo"},
            {
                "en": "I have serious concerns; we should not decide before discussing them.",
                "es": "Tengo dudas serias; no deberíamos decidir sin hablarlas antes.",
            },
            1,
            needs_reason=True,
        ),
        Option(
            "fist",
            {"en": "Fist", "es": "Puño"},
            {
                "en": "No: I cannot support this. Say why.",
                "es": "No: no puedo apoyar esto. Diga por qué.",
            },
            0,
            needs_reason=True,
        ),
    ),
)

SENSE_CHECK = Process(
    key="sense_check",
    name_text={"en": "Sense check", "es": "Sondeo rápido"},
    summary_text={
        "en": "A quick read of the room before anything is decided: for, unsure or concerned.",
        "es": "Una lectura rápida del grupo antes de decidir nada: a favor, con dudas o con "
        "preocupación.",
    },
    options=(
        Option(
            "for",
            {"en": "For it", "es": "A favor"},
            {"en": "This makes sense to me.", "es": "Esto tiene sentido para mí."},
            2,
        ),
        Option(
            "unsure",
            {"en": "Unsure", "es": "Con dudas"},
            {
                "en": "I need to know or hear more.",
                "es": "Necesito saber o escuchar más.",
            },
            1,
        ),
        Option(
            "concerned",
            {"en": "Concerned", "es": "Con preocupación"},
            {
                "en": "Something here worries me.",
                "es": "Algo de esto me preocupa.",
            },
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
