"""The agenda item form: one Django form for every kind of item.

``KIND_FIELDS`` says which fields a kind shows; the Spanish boxes sit beside the English
(``convener.live.translations``), and a sorting quiz can take its statements from the pack's
Who/How/Why table of leadership approaches (``convener.live.leadership``). Turning the lines
of text into the item ``config`` and back is plain code in ``item_config``.
"""

from __future__ import annotations

import random
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from convener.framework.packs import Pack
from convener.framework.services import active_pack
from convener.live import kinds, leadership
from convener.live.forms.item_config import (
    COLUMN_LABELS,
    DRAW,
    DRAW_FIELDS,
    KIND_FIELDS,
    PICK,
    TYPED,
    build_config,
    current_picks,
    initial_data,
    with_spanish,
)
from convener.live.translations import SPANISH, SPANISH_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def _es_text(label: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, **kwargs)


def _es_list(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=TEXTAREA, help_text=help_text)


ONE_LINE_EACH = _("One line for each English line, in the same order. Empty: English is shown.")


class ItemForm(forms.Form):
    """Every kind's settings; ``KIND_FIELDS`` says which fields a kind shows and uses."""

    prompt = forms.CharField(label=_("Question or title"), widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(
        label=_("Options"), widget=TEXTAREA, help_text=_("One option per line.")
    )
    max_choices = forms.IntegerField(label=_("Most options a person may pick"), min_value=1)
    emoji_options = forms.CharField(
        label=_("Options"),
        widget=TEXTAREA,
        help_text=_("One per line: the emoji, a bar, then its words. Example: 🙂 | Hopeful"),
    )
    statements = forms.CharField(
        label=_("Statements to rate"), widget=TEXTAREA, help_text=_("One statement per line.")
    )
    scale_min = forms.IntegerField(label=_("Lowest value"), min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=_("Highest value"), min_value=1, max_value=10)
    low_label = forms.CharField(label=_("Meaning of the lowest value"), required=False)
    high_label = forms.CharField(label=_("Meaning of the highest value"), required=False)
    true_answer = forms.TypedChoiceField(
        label=_("The right answer"),
        choices=[("true", _("True")), ("false", _("False"))],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Explanation shown with the answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    quiz_options = forms.CharField(
        label=_("Options"),
        widget=TEXTAREA,
        help_text=_("One option per line; start the right one with an asterisk (*)."),
    )
    categories = forms.CharField(
        label=_("Categories"), widget=TEXTAREA, help_text=_("One category per line.")
    )
    classify_statements = forms.CharField(
        label=_("Statements and their right category"),
        widget=TEXTAREA,
        help_text=_(
            "One per line: the statement, a bar, then its category. Example: Sets the agenda | Who"
        ),
    )
    image_options = forms.CharField(
        label=_("Images"),
        widget=TEXTAREA,
        help_text=_(
            "One per line: image name | label | text alternative describing the image. "
            "Images: informing, networking, collaborating, transforming, bridge, table, "
            "compass, puzzle."
        ),
    )
    x_low = forms.CharField(label=_("Left end of the horizontal axis"), max_length=60)
    x_high = forms.CharField(label=_("Right end of the horizontal axis"), max_length=60)
    y_low = forms.CharField(label=_("Bottom of the vertical axis"), max_length=60)
    y_high = forms.CharField(label=_("Top of the vertical axis"), max_length=60)
    q_top_left = forms.CharField(label=_("Top-left quadrant"), max_length=60, required=False)
    q_top_right = forms.CharField(label=_("Top-right quadrant"), max_length=60, required=False)
    q_bottom_left = forms.CharField(label=_("Bottom-left quadrant"), max_length=60, required=False)
    q_bottom_right = forms.CharField(
        label=_("Bottom-right quadrant"), max_length=60, required=False
    )
    quadrant_statements = forms.CharField(
        label=_("Things to place"),
        widget=TEXTAREA,
        required=False,
        help_text=_("One per line. Leave empty to ask each person for a single dot."),
    )
    max_length = forms.IntegerField(label=_("Longest answer (characters)"), min_value=10)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    notes = forms.CharField(
        label=_("Speaker notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Shown on the facilitator's screen only, never on the projector or phones."),
    )
    mode = forms.ChoiceField(
        label=_("How groups are formed"),
        choices=[
            ("random", _("At random")),
            ("perspective", _("Mixing perspectives")),
            ("manual", _("By hand")),
        ],
    )
    group_count = forms.IntegerField(label=_("Number of groups"), min_value=1, max_value=100)
    group_prompt = forms.CharField(
        label=_("What each group works on"), widget=forms.Textarea(attrs={"rows": 3})
    )
    worksheet_section = forms.CharField(
        label=_("Worksheet section (optional)"),
        required=False,
        max_length=200,
        help_text=_("A toolkit worksheet section as tool:section, e.g. four_questions:who."),
    )

    es_prompt = _es_text(
        _("Question or title in Spanish"), widget=forms.Textarea(attrs={"rows": 2})
    )
    es_options = _es_list(_("Options in Spanish"), ONE_LINE_EACH)
    es_image_options = _es_list(
        _("Image labels in Spanish"),
        _("One per line, in the same order as the images: label | text alternative."),
    )
    es_statements = _es_list(_("Statements in Spanish"), ONE_LINE_EACH)
    es_categories = _es_list(_("Categories in Spanish"), ONE_LINE_EACH)
    es_explanation = _es_text(_("Explanation in Spanish"), widget=forms.Textarea(attrs={"rows": 3}))
    es_body = _es_text(_("Text in Spanish"), widget=forms.Textarea(attrs={"rows": 6}))
    es_notes = _es_text(_("Speaker notes in Spanish"), widget=forms.Textarea(attrs={"rows": 4}))
    es_low_label = _es_text(_("Meaning of the lowest value, in Spanish"))
    es_high_label = _es_text(_("Meaning of the highest value, in Spanish"))
    es_x_low = _es_text(_("Left end of the horizontal axis, in Spanish"), max_length=60)
    es_x_high = _es_text(_("Right end of the horizontal axis, in Spanish"), max_length=60)
    es_y_low = _es_text(_("Bottom of the vertical axis, in Spanish"), max_length=60)
    es_y_high = _es_text(_("Top of the vertical axis, in Spanish"), max_length=60)
    es_q_top_left = _es_text(_("Top-left quadrant, in Spanish"), max_length=60)
    es_q_top_right = _es_text(_("Top-right quadrant, in Spanish"), max_length=60)
    es_q_bottom_left = _es_text(_("Bottom-left quadrant, in Spanish"), max_length=60)
    es_q_bottom_right = _es_text(_("Bottom-right quadrant, in Spanish"), max_length=60)
    es_group_prompt = _es_text(
        _("What each group works on, in Spanish"), widget=forms.Textarea(attrs={"rows": 3})
    )
    statement_source = forms.ChoiceField(
        label=_("Where the statements come from"),
        choices=[
            (TYPED, _("Typed: the categories and statements below")),
            (DRAW, _("Drawn at random from the Who/How/Why table of leadership approaches")),
            (PICK, _("Picked from the Who/How/Why table of leadership approaches")),
        ],
        required=False,
        initial=TYPED,
        widget=forms.RadioSelect,
    )
    draw_columns = forms.MultipleChoiceField(
        label=_("Columns to draw from"),
        choices=list(COLUMN_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    draw_count = forms.IntegerField(
        label=_("How many statements"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Leave empty to take every statement in the chosen columns."),
    )
    draw_picks = forms.MultipleChoiceField(
        label=_("Statements to use"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, kind: str, item_config: dict[str, Any] | None = None,
                 pack: Pack | None = None, rng: random.Random | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.item_config = item_config or {}
        self.rng = rng or random.Random()  # noqa: S311 -- shuffling quiz statements, no secret
        self.pack: Pack | None = None
        self.bullets: list[leadership.Bullet] = []
        used = KIND_FIELDS[kind] + SPANISH_FIELDS[kind]
        rules = kinds.get(kind)
        if rules.drawn:
            self.pack = pack or active_pack()
            self.bullets = leadership.table_bullets(self.pack)
            if self.bullets:
                used = used + DRAW_FIELDS
                picks = self.fields["draw_picks"]
                assert isinstance(picks, forms.MultipleChoiceField)
                picks.choices = [(b.key, b.label) for b in self.bullets]
                self.initial.setdefault("draw_picks", current_picks(self.bullets, self.item_config))
            # Typed statements are needed only when nothing is drawn (checked in build_config).
            self.fields["categories"].required = False
            self.fields["classify_statements"].required = False
        if rules.max_optional:
            self.fields["max_choices"].required = False
        for name in list(self.fields):
            if name not in used:
                del self.fields[name]
            elif name.startswith("es_"):
                self.fields[name].widget.attrs["lang"] = SPANISH  # what is typed is Spanish

    @property
    def pictures(self) -> bool:
        """Whether the item's options are pictures (the page lists the images to use)."""
        return kinds.get(self.kind).pictures

    @property
    def draws(self) -> bool:
        """Whether the form offers drawing statements from the leadership table."""
        return "statement_source" in self.fields

    @property
    def english_fields(self) -> list[forms.BoundField]:
        """The kind's fields; a quiz's typed statements and explanation follow the sources."""
        names = KIND_FIELDS[self.kind]
        if self.draws:
            names = names[: names.index("categories")]
        return [self[name] for name in names]

    @property
    def closing_fields(self) -> list[forms.BoundField]:
        if not self.draws:
            return []
        names = KIND_FIELDS[self.kind]
        return [self[name] for name in names[names.index("classify_statements") + 1 :]]

    @property
    def typed_fields(self) -> list[forms.BoundField]:
        return [self["categories"], self["classify_statements"]] if self.draws else []

    # The Spanish boxes a quiz drawn from the table does not read (its Spanish is the pack's).
    typed_spanish = ("es_categories", "es_statements")

    @property
    def spanish_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SPANISH_FIELDS[self.kind]]

    @property
    def pick_groups(self) -> list[dict[str, Any]]:
        """The table's checkboxes grouped by approach, each with its column's name."""
        if not self.draws or self.pack is None:
            return []
        boxes = {box.data["value"]: box for box in self["draw_picks"]}
        groups = []
        for approach in self.pack.leadership_approaches:
            rows = [
                {"box": boxes[b.key], "column": COLUMN_LABELS[b.column], "label": b.label}
                for b in self.bullets
                if b.approach == approach.key and b.key in boxes
            ]
            name = approach.name.get_text(get_language())
            groups.append({"key": approach.key, "name": name, "rows": rows})
        return groups

    @classmethod
    def initial_for(cls, kind: str, prompt: str, config: dict[str, Any]) -> dict[str, Any]:
        """Return the form's initial data for an existing item."""
        return initial_data(kind, prompt, config)

    def clean(self) -> dict[str, Any]:
        """Build ``self.config`` from the lines typed, with an error on each field that is off."""
        data = super().clean() or {}
        if self.errors:
            return data
        config, problems = build_config(
            self.kind,
            data,
            existing=self.item_config,
            pack=self.pack,
            bullets=self.bullets,
            rng=self.rng,
        )
        for field, message in problems:
            self.add_error(field, message)
        if not self.errors:  # Spanish lines are matched to the English ones once these are right
            config, spanish_problems = with_spanish(
                self.kind, config, data, existing=self.item_config
            )
            for field, message in spanish_problems.items():
                self.add_error(field, message)
        self.config = config
        return data
