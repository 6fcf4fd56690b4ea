"""Use cases of live sessions: build the agenda, run it, take votes, form breakouts, end it.

Permission checks live in the views, API and consumers; these functions trust their caller.
Every facilitator action bumps ``LiveSession.state_version`` and pushes the new state to the
room after commit. One module per concept; this package re-exports their public functions so
that callers keep writing ``services.cast_votes(...)``.
"""

from convener.live.services.agenda import (
    add_item,
    copy_session,
    create_session,
    delete_item,
    move_item,
    new_join_code,
    update_item,
)
from convener.live.services.breakouts import (
    form_breakouts,
    report_back,
    save_notes,
)
from convener.live.services.common import (
    TARGET,
    LiveError,
    answer_shown,
)
from convener.live.services.export import (
    export_rows,
)
from convener.live.services.participants import (
    confirm_link,
    join,
    participant_for_token,
    reject_link,
)
from convener.live.services.running import (
    close_item,
    end_session,
    go_to_item,
    hide_results,
    next_item,
    open_item,
    reveal_key,
    reveal_results,
    start_session,
    start_timer,
)
from convener.live.services.voting import (
    ROWS_PER_STATEMENT,
    VoteIn,
    VoteOutcome,
    cast_vote,
    cast_votes,
    set_hidden,
)

__all__ = [
    "ROWS_PER_STATEMENT",
    "TARGET",
    "LiveError",
    "VoteIn",
    "VoteOutcome",
    "add_item",
    "answer_shown",
    "cast_vote",
    "cast_votes",
    "close_item",
    "confirm_link",
    "copy_session",
    "create_session",
    "delete_item",
    "end_session",
    "export_rows",
    "form_breakouts",
    "go_to_item",
    "hide_results",
    "join",
    "move_item",
    "new_join_code",
    "next_item",
    "open_item",
    "participant_for_token",
    "reject_link",
    "report_back",
    "reveal_key",
    "reveal_results",
    "save_notes",
    "set_hidden",
    "start_session",
    "start_timer",
    "update_item",
]
