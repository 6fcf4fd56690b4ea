"""No code module over 500 lines outside migrations (house style): long files hide seams."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIMIT = 500
CODE = {".py", ".js", ".css", ".html"}
ROOTS = ("convener", "tests", "bench", "scripts")


def _modules() -> list[Path]:
    found = []
    for root in ROOTS:
        for path in (REPO / root).rglob("*"):
            if path.suffix not in CODE or not path.is_file():
                continue
            parts = set(path.relative_to(REPO).parts)
            if parts & {"migrations", "vendor", "__pycache__", "staticfiles"}:
                continue
            found.append(path)
    return found


def test_there_are_modules_to_measure():
    names = {path.name for path in _modules()}
    assert {"realtime.py", "participant.js", "answer-controls.js"} <= names


def test_no_code_module_is_over_500_lines():
    long = {
        str(path.relative_to(REPO)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}
