"""Forms for live sessions: joining, the session editor and one item form for every kind.

Items are edited as short lines of text ("one option per line") so that a convener can type an
agenda quickly on any device. The package keeps one responsibility per module:

- ``join``: the session code and signing in, for participants without an account;
- ``sessions``: starting a session, its settings, adding an item;
- ``items``: the item form (per-kind fields, Spanish boxes, drawing quiz statements);
- ``item_config``: pure functions turning the typed lines into the item ``config`` and back;
- ``answers``: pure ``answer_from_post``, a participant's plain HTML form → a vote value.

Every public name is importable from ``convener.live.forms``.
"""

from convener.live.forms.answers import InvalidAnswer, answer_from_post
from convener.live.forms.item_config import (
    COLUMN_LABELS,
    DRAW,
    DRAW_FIELDS,
    IMAGE_PATH,
    IMAGES,
    KIND_FIELDS,
    PICK,
    TYPED,
)
from convener.live.forms.items import ONE_LINE_EACH, TEXTAREA, ItemForm
from convener.live.forms.join import LANGUAGE_CHOICES, CodeForm, JoinForm
from convener.live.forms.sessions import (
    EDITABLE_KINDS,
    AddItemForm,
    SessionCreateForm,
    SessionSettingsForm,
)

__all__ = [
    "COLUMN_LABELS",
    "DRAW",
    "DRAW_FIELDS",
    "EDITABLE_KINDS",
    "IMAGES",
    "IMAGE_PATH",
    "KIND_FIELDS",
    "LANGUAGE_CHOICES",
    "ONE_LINE_EACH",
    "PICK",
    "TEXTAREA",
    "TYPED",
    "AddItemForm",
    "CodeForm",
    "InvalidAnswer",
    "ItemForm",
    "JoinForm",
    "SessionCreateForm",
    "SessionSettingsForm",
    "answer_from_post",
]
