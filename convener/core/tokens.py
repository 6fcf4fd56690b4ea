"""Secret tokens: at least 256 bits of randomness, only a SHA-256 digest is stored."""

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits; the floor for any token we issue is 128 bits


def new_token(prefix: str = "") -> str:
    """Return a fresh URL-safe random token, optionally with a readable prefix."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 digest under which ``token`` is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
