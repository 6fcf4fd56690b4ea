"""Use cases of the consensus app: proposals, revisions, personal links, positions, decisions.

Split by area; everything is importable from here (``from convener.consensus import services``).
"""

from convener.consensus.services.links import (
    audience,
    find_link,
    issue_link,
    link_url,
    request_link_emails,
    send_link_emails,
    team,
)
from convener.consensus.services.positions import (
    add_comment,
    check_position,
    group_specs,
    proposal_results,
    record_decision,
    record_link_position,
    record_live_position,
    record_member_position,
    revision_positions,
)
from convener.consensus.services.proposals import (
    PARTICIPANT_LANGUAGES,
    TEAM_ROLES,
    ConsensusError,
    close_proposal,
    create_proposal,
    current_revision,
    is_accepting,
    open_proposal,
    revise_proposal,
    update_settings,
)

__all__ = [
    "PARTICIPANT_LANGUAGES",
    "TEAM_ROLES",
    "ConsensusError",
    "add_comment",
    "audience",
    "check_position",
    "close_proposal",
    "create_proposal",
    "current_revision",
    "find_link",
    "group_specs",
    "is_accepting",
    "issue_link",
    "link_url",
    "open_proposal",
    "proposal_results",
    "record_decision",
    "record_link_position",
    "record_live_position",
    "record_member_position",
    "request_link_emails",
    "revise_proposal",
    "revision_positions",
    "send_link_emails",
    "team",
    "update_settings",
]
