"""What every collecting use case shares: the error it raises and the respondent languages."""

from __future__ import annotations

RESPONDENT_LANGUAGES = ("en", "es")


class CollectionError(Exception):
    """A request the rules refuse; ``fields`` names the offending inputs."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
