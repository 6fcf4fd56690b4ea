"""Use cases for collecting rubric answers: instruments, rounds, personal links and responses.

One module per concept; this package re-exports their public functions so that callers keep
writing ``services.create_round(...)``. Results (aggregation, displays, exports) live in
``aggregation.py`` and ``selectors.py``.
"""

from convener.measuring.services.common import RESPONDENT_LANGUAGES, CollectionError
from convener.measuring.services.instruments import (
    CUSTOM_PREFIX,
    create_custom_row,
    current_instrument,
    instrument_rows,
    row_choices,
)
from convener.measuring.services.invitations import (
    issue_links,
    link_url,
    non_respondent_links,
    request_invitations,
    request_reminders,
    send_invitations,
    send_reminders,
)
from convener.measuring.services.responses import (
    enter_paper_response,
    find_closed_room_round,
    find_link,
    find_room_round,
    paper_count,
    resolve_perspective,
    respondent_write,
    save_answer,
    save_answers,
    set_perspective,
    start_response,
    submit_response,
    valid_levels,
)
from convener.measuring.services.rounds import (
    audience,
    close_round,
    create_round,
    ensure_room_token,
    is_accepting,
    open_round,
    rename_round,
    room_token,
)

__all__ = [
    "CUSTOM_PREFIX",
    "RESPONDENT_LANGUAGES",
    "CollectionError",
    "audience",
    "close_round",
    "create_custom_row",
    "create_round",
    "current_instrument",
    "ensure_room_token",
    "enter_paper_response",
    "find_closed_room_round",
    "find_link",
    "find_room_round",
    "instrument_rows",
    "is_accepting",
    "issue_links",
    "link_url",
    "non_respondent_links",
    "open_round",
    "paper_count",
    "rename_round",
    "request_invitations",
    "request_reminders",
    "resolve_perspective",
    "respondent_write",
    "room_token",
    "row_choices",
    "save_answer",
    "save_answers",
    "send_invitations",
    "send_reminders",
    "set_perspective",
    "start_response",
    "submit_response",
    "valid_levels",
]
