"""Forms for live sessions: joining, the session editor and one item form for every kind.

Items are edited as short lines of text ("one option per line") so that a convener can type an
agenda quickly on any device; the form turns the lines into the item ``config`` described in
``convener.live.kinds`` and back. ``answer_from_post`` turns a participant's plain HTML form
into a vote value, so that answering works without JavaScript.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from convener.initiatives.models import Initiative
from convener.live.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, ItemKind

# Images shipped with the app (static/live/img/), offered for image-choice items.
IMAGES: dict[str, Any] = {
    "informing": _("Informing: a megaphone, one-way"),
    "networking": _("Networking: linked dots"),
    "collaborating": _("Collaborating: hands on one table"),
    "transforming": _("Transforming: a sprout growing"),
    "bridge": _("A bridge between two banks"),
    "table": _("A round table with seats"),
    "compass": _("A compass"),
    "puzzle": _("Two puzzle pieces fitting"),
}
IMAGE_PATH = "live/img/{}.svg"

# Kinds a convener adds from the editor (proposals come from the decisions app).
EDITABLE_KINDS = [(k.value, k.label) for k in ItemKind if k != ItemKind.PROPOSAL]

LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=20,
        help_text=_("The six characters shown on the screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in code):
            raise ValidationError(_("A session code has six letters and digits, like K7M2QX."))
        return code


class JoinForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=120)
    location = forms.CharField(
        label=_("Where are you joining from?"),
        max_length=120,
        required=False,
        help_text=_("A town, county or organisation. Optional."),
    )
    perspective = forms.ChoiceField(label=_("The perspective you bring"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.perspectives = {p.key: p for p in initiative.perspectives.all()}
        choices: list[tuple[str, Any]] = [("", _("I'd rather not say"))]
        choices += [(p.key, p.label) for p in self.perspectives.values()]
        perspective = self.fields["perspective"]
        assert isinstance(perspective, forms.ChoiceField)
        perspective.choices = choices
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"


class SessionCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )
    template_key = forms.ChoiceField(label=_("Start from"), required=False)

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("An empty session")), *templates]


class SessionSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    suppression_threshold = forms.IntegerField(
        label=_("Smallest group shown in breakdowns"),
        min_value=1,
        max_value=50,
        help_text=_("Results by perspective hide groups smaller than this, to protect people."),
    )
    is_template = forms.BooleanField(label=_("Keep as a template"), required=False)


class AddItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of item"), choices=EDITABLE_KINDS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _keys(existing: list[dict[str, Any]], count: int, prefix: str) -> list[str]:
    """Keep the existing keys by position (votes refer to them); number the new ones."""
    keys = [str(e.get("key")) for e in existing[:count]]
    used = set(keys)
    n = 1
    while len(keys) < count:
        candidate = f"{prefix}{n}"
        n += 1
        if candidate not in used:
            keys.append(candidate)
            used.add(candidate)
    return keys


def _split(line: str, parts: int) -> list[str]:
    pieces = [p.strip() for p in line.split("|")]
    return (pieces + [""] * parts)[:parts]


TEXTAREA = forms.Textarea(attrs={"rows": 5})

# Which form fields each kind uses, in order.
KIND_FIELDS: dict[str, list[str]] = {
    "single": ["prompt", "options"],
    "multi": ["prompt", "options", "max_choices"],
    "emoji": ["prompt", "emoji_options"],
    "rating": ["prompt", "statements", "scale_min", "scale_max", "low_label", "high_label"],
    "true_false": ["prompt", "true_answer", "explanation"],
    "quiz": ["prompt", "quiz_options", "explanation"],
    "classify": ["prompt", "categories", "classify_statements"],
    "image": ["prompt", "image_options"],
    "quadrant": [
        "prompt",
        "x_low",
        "x_high",
        "y_low",
        "y_high",
        "q_top_left",
        "q_top_right",
        "q_bottom_left",
        "q_bottom_right",
        "quadrant_statements",
    ],
    "open_text": ["prompt", "max_length"],
    "ranking": ["prompt", "options"],
    "prompt": ["prompt", "body"],
    "slide": ["prompt", "body"],
    "breakout": ["prompt", "mode", "group_count", "group_prompt", "worksheet_section"],
}


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

    def __init__(self, *args: Any, kind: str, item_config: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.item_config = item_config or {}
        used = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name not in used:
                del self.fields[name]

    @classmethod
    def initial_for(cls, kind: str, prompt: str, config: dict[str, Any]) -> dict[str, Any]:
        """Return the form's initial data for an existing item."""
        options = config.get("options", [])
        statements = config.get("statements", [])
        quadrant = config.get("quadrant_labels") or ["", "", "", ""]
        category_labels = {c["key"]: c["label"] for c in config.get("categories", [])}
        return {
            "prompt": prompt,
            "options": "\n".join(o["label"] for o in options),
            "max_choices": config.get("max", 3),
            "emoji_options": "\n".join(f"{o.get('emoji', '')} | {o['label']}" for o in options),
            "statements": "\n".join(s["label"] for s in statements),
            "scale_min": config.get("min", 1),
            "scale_max": config.get("max", 10),
            "low_label": config.get("low_label", ""),
            "high_label": config.get("high_label", ""),
            "true_answer": "true" if config.get("answer", True) is True else "false",
            "explanation": config.get("explanation", ""),
            "quiz_options": "\n".join(
                ("*" if o["key"] == config.get("answer") else "") + o["label"] for o in options
            ),
            "categories": "\n".join(c["label"] for c in config.get("categories", [])),
            "classify_statements": "\n".join(
                f"{s['label']} | {category_labels.get(s.get('answer', ''), '')}" for s in statements
            ),
            "image_options": "\n".join(
                f"{_image_name(o.get('image', ''))} | {o['label']} | {o.get('alt', '')}"
                for o in options
            ),
            "x_low": config.get("x_low", ""),
            "x_high": config.get("x_high", ""),
            "y_low": config.get("y_low", ""),
            "y_high": config.get("y_high", ""),
            "q_top_left": quadrant[0],
            "q_top_right": quadrant[1],
            "q_bottom_left": quadrant[2],
            "q_bottom_right": quadrant[3],
            "quadrant_statements": "\n".join(s["label"] for s in statements),
            "max_length": config.get("max_length", 280),
            "body": config.get("body", ""),
            "mode": config.get("mode", "random"),
            "group_count": config.get("group_count", 4),
            "group_prompt": config.get("prompt", ""),
            "worksheet_section": config.get("worksheet_section", ""),
        }

    def _labelled(self, field: str, prefix: str, minimum: int = 2) -> list[dict[str, Any]]:
        labels = _lines(self.cleaned_data.get(field) or "")
        if len(labels) < minimum:
            self.add_error(field, _("Give at least %(n)d lines.") % {"n": minimum})
            return []
        existing = self.item_config.get("statements" if prefix == "s" else "options", [])
        keys = _keys(existing, len(labels), prefix)
        return [{"key": k, "label": label} for k, label in zip(keys, labels, strict=True)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        self.config = self._build_config(data)
        return data

    def _build_config(self, data: dict[str, Any]) -> dict[str, Any]:
        kind = self.kind
        config: dict[str, Any] = {}
        if "translations" in self.item_config:
            config["translations"] = self.item_config["translations"]
        if kind in ("single", "multi", "ranking"):
            config["options"] = self._labelled("options", "o")
            if kind == "multi":
                config["max"] = data["max_choices"]
                if config["options"] and data["max_choices"] > len(config["options"]):
                    self.add_error("max_choices", _("The maximum cannot exceed the options."))
        elif kind == "emoji":
            rows = [_split(line, 2) for line in _lines(data["emoji_options"])]
            if len(rows) < 2 or any(not emoji or not label for emoji, label in rows):
                self.add_error(
                    "emoji_options", _("Give at least two lines, each as: emoji | words.")
                )
            keys = _keys(self.item_config.get("options", []), len(rows), "o")
            config["options"] = [
                {"key": k, "label": label, "emoji": emoji}
                for k, (emoji, label) in zip(keys, rows, strict=True)
            ]
        elif kind == "rating":
            config["statements"] = self._labelled("statements", "s", minimum=1)
            config.update(min=data["scale_min"], max=data["scale_max"])
            config.update(low_label=data["low_label"], high_label=data["high_label"])
            if data["scale_min"] >= data["scale_max"]:
                self.add_error("scale_max", _("The highest value must be above the lowest."))
        elif kind == "true_false":
            config.update(answer=data["true_answer"], explanation=data["explanation"])
        elif kind == "quiz":
            lines = _lines(data["quiz_options"])
            right = [i for i, line in enumerate(lines) if line.startswith("*")]
            if len(lines) < 2 or len(right) != 1:
                self.add_error(
                    "quiz_options",
                    _("Give at least two options and mark exactly one with an asterisk (*)."),
                )
                return config
            keys = _keys(self.item_config.get("options", []), len(lines), "o")
            config["options"] = [
                {"key": k, "label": line.lstrip("*").strip()}
                for k, line in zip(keys, lines, strict=True)
            ]
            config.update(answer=keys[right[0]], explanation=data["explanation"])
        elif kind == "classify":
            config.update(self._classify(data))
        elif kind == "image":
            config["options"] = self._images(data)
        elif kind == "quadrant":
            config.update(
                {k: data[k] for k in ("x_low", "x_high", "y_low", "y_high")},
                quadrant_labels=[
                    data["q_top_left"],
                    data["q_top_right"],
                    data["q_bottom_left"],
                    data["q_bottom_right"],
                ],
            )
            labels = _lines(data["quadrant_statements"])
            if labels:
                keys = _keys(self.item_config.get("statements", []), len(labels), "s")
                config["statements"] = [
                    {"key": k, "label": label} for k, label in zip(keys, labels, strict=True)
                ]
        elif kind == "open_text":
            config["max_length"] = data["max_length"]
        elif kind in ("prompt", "slide"):
            config["body"] = data["body"]
        elif kind == "breakout":
            config.update(
                mode=data["mode"],
                group_count=data["group_count"],
                prompt=data["group_prompt"],
                worksheet_section=data["worksheet_section"],
            )
        return config

    def _classify(self, data: dict[str, Any]) -> dict[str, Any]:
        labels = _lines(data["categories"])
        if len(labels) < 2:
            self.add_error("categories", _("Give at least two categories."))
            return {}
        old_categories = self.item_config.get("categories", [])
        category_keys = _keys(old_categories, len(labels), "c")
        categories = [
            {"key": k, "label": lab} for k, lab in zip(category_keys, labels, strict=True)
        ]
        by_label = {c["label"].casefold(): c["key"] for c in categories}
        rows = [_split(line, 2) for line in _lines(data["classify_statements"])]
        unknown = [cat for _label, cat in rows if cat.casefold() not in by_label]
        if not rows or unknown:
            self.add_error(
                "classify_statements",
                _("Each line needs a statement, a bar and one of the categories above.")
                if not unknown
                else _("These categories are not in the list: %(names)s")
                % {"names": ", ".join(sorted(set(unknown)))},
            )
            return {}
        keys = _keys(self.item_config.get("statements", []), len(rows), "s")
        statements = [
            {"key": k, "label": label, "answer": by_label[cat.casefold()]}
            for k, (label, cat) in zip(keys, rows, strict=True)
        ]
        return {"categories": categories, "statements": statements}

    def _images(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        rows = [_split(line, 3) for line in _lines(data["image_options"])]
        problems: list[str] = []
        for number, (name, label, alt) in enumerate(rows, start=1):
            if name not in IMAGES:
                problems.append(
                    _("line %(n)d: unknown image “%(name)s”") % {"n": number, "name": name}
                )
            elif not label or not alt:
                problems.append(
                    _("line %(n)d: a label and a text alternative are required") % {"n": number}
                )
        if len(rows) < 2:
            problems.append(str(_("give at least two images")))
        if problems:
            self.add_error("image_options", "; ".join(str(p) for p in problems).capitalize() + ".")
            return []
        keys = _keys(self.item_config.get("options", []), len(rows), "o")
        return [
            {"key": k, "label": label, "image": IMAGE_PATH.format(name), "alt": alt}
            for k, (name, label, alt) in zip(keys, rows, strict=True)
        ]


def _image_name(path: str) -> str:
    match = re.fullmatch(r"live/img/([a-z_]+)\.svg", path)
    return match.group(1) if match else path


class InvalidAnswer(ValueError):
    """The submitted form does not make an answer for this item."""


def answer_from_post(kind: str, config: dict[str, Any], post: QueryDict) -> tuple[Any, str]:
    """Return (vote value, text) from a participant's plain HTML form, per the kind's shape.

    Field names: ``choice`` (one or several keys, or "true"/"false"), ``r:<statement>``
    (rating), ``c:<statement>`` (classify), ``qx:<statement>``/``qy:<statement>`` (2x2),
    ``rank:<option>`` (ranking positions), ``text`` (open text or a reason).
    """
    text = (post.get("text") or "").strip()
    if kind in ("single", "emoji", "image", "quiz", "proposal"):
        choice = post.get("choice")
        if not choice:
            raise InvalidAnswer(_("Choose one of the options."))
        return choice, text if kind == "proposal" else ""
    if kind == "true_false":
        if post.get("choice") not in ("true", "false"):
            raise InvalidAnswer(_("Choose true or false."))
        return post.get("choice") == "true", ""
    if kind == "multi":
        chosen = post.getlist("choice")
        if not chosen:
            raise InvalidAnswer(_("Choose at least one option."))
        return chosen, ""
    if kind == "rating":
        values = {}
        for statement in config.get("statements", []):
            raw = post.get(f"r:{statement['key']}")
            if raw:
                try:
                    values[statement["key"]] = int(raw)
                except ValueError as error:
                    raise InvalidAnswer(_("Ratings must be whole numbers.")) from error
        if not values:
            raise InvalidAnswer(_("Rate at least one statement."))
        return values, ""
    if kind == "classify":
        sorted_ = {
            s["key"]: post.get(f"c:{s['key']}")
            for s in config.get("statements", [])
            if post.get(f"c:{s['key']}")
        }
        if not sorted_:
            raise InvalidAnswer(_("Sort at least one statement."))
        return sorted_, ""
    if kind == "quadrant":
        keys = [s["key"] for s in config.get("statements", [])] or ["_"]
        placed = {}
        for key in keys:
            x, y = post.get(f"qx:{key}") or "", post.get(f"qy:{key}") or ""
            if not x or not y:
                continue
            try:
                placed[key] = {"x": float(x), "y": float(y)}
            except ValueError as error:
                raise InvalidAnswer(_("Positions must be numbers from 0 to 100.")) from error
        if not placed:
            raise InvalidAnswer(_("Place at least one dot."))
        return placed, ""
    if kind == "open_text":
        if not text:
            raise InvalidAnswer(_("Write an answer first."))
        return text, text
    if kind == "ranking":
        positions = []
        for number, option in enumerate(config.get("options", [])):
            try:
                place = int(post.get(f"rank:{option['key']}") or 0)
            except ValueError:
                place = 0
            positions.append((place or 1000 + number, number, option["key"]))
        return [key for _place, _n, key in sorted(positions)], ""
    raise InvalidAnswer(_("This item takes no answers."))
