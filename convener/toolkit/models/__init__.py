"""The toolkit app's models: worksheets and their history, and what the tools produce."""

from convener.toolkit.models.outputs import (
    BrandPulse,
    GlossaryTerm,
    GroupPlan,
    InitiativeStatement,
    InvitationLogEntry,
    InvitationResponse,
    PlanKind,
    RelatedWork,
    StatementKind,
)
from convener.toolkit.models.worksheets import (
    Breakout,
    BreakoutTeam,
    FieldRevision,
    FieldValue,
    SectionComment,
    Worksheet,
)

__all__ = [
    "BrandPulse",
    "Breakout",
    "BreakoutTeam",
    "FieldRevision",
    "FieldValue",
    "GlossaryTerm",
    "GroupPlan",
    "InitiativeStatement",
    "InvitationLogEntry",
    "InvitationResponse",
    "PlanKind",
    "RelatedWork",
    "SectionComment",
    "StatementKind",
    "Worksheet",
]
