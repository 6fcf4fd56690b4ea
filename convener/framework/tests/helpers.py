"""Helpers for tests that break a copy of the built-in pack on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from convener.framework.packs import BUILTIN_PACK_DIR


def copy_builtin_pack(destination: Path) -> Path:
    """Copy the built-in pack to `destination` / "pack" and return that directory."""
    target = destination / "pack"
    shutil.copytree(BUILTIN_PACK_DIR, target)
    return target


def edit(pack_dir: Path, filename: str, old: str, new: str) -> int:
    """Replace the first `old` with `new` in a pack file; return the 1-based line of the edit."""
    file = pack_dir / filename
    text = file.read_text(encoding="utf-8")
    position = text.index(old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, position) + 1


def line_of(pack_dir: Path, filename: str, needle: str, *, after: str = "") -> int:
    """Return the 1-based line of the first `needle` in a pack file (after `after`, if given)."""
    text = (pack_dir / filename).read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1
