"""A unified diff (diffVersions) laid out side by side: one row per line pair, removed lines
beside the lines added in their place, gaps between hunks marked."""

from __future__ import annotations

import re
from dataclasses import dataclass

HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
# A page shows at most this many rows of a diff: two bodies may differ in 200,000 lines, which
# would take seconds to lay out and tens of megabytes to send.
MAX_SHOWN_ROWS = 2000


@dataclass(frozen=True)
class DiffRow:
    kind: str  # same, changed, removed, added, or gap (lines the diff leaves out)
    old_number: int | None = None
    old: str | None = None
    new_number: int | None = None
    new: str | None = None


class _Hunk:
    def __init__(self, old_start: int, new_start: int) -> None:
        self.old_number, self.new_number = old_start, new_start
        self.removed: list[tuple[int, str]] = []
        self.added: list[tuple[int, str]] = []
        self.rows: list[DiffRow] = []

    def line(self, marker: str, text: str) -> None:
        if marker == "-":
            self.removed.append((self.old_number, text))
            self.old_number += 1
        elif marker == "+":
            self.added.append((self.new_number, text))
            self.new_number += 1
        elif marker == " ":
            self.flush()
            self.rows.append(DiffRow("same", self.old_number, text, self.new_number, text))
            self.old_number += 1
            self.new_number += 1

    def flush(self) -> None:
        """Pairs the pending removed and added lines, in order, the longer run left alone."""
        for index in range(max(len(self.removed), len(self.added))):
            old = self.removed[index] if index < len(self.removed) else (None, None)
            new = self.added[index] if index < len(self.added) else (None, None)
            if old[0] is not None and new[0] is not None:
                kind = "changed"
            else:
                kind = "removed" if old[0] is not None else "added"
            self.rows.append(DiffRow(kind, old[0], old[1], new[0], new[1]))
        self.removed, self.added = [], []


def side_by_side(unified: str) -> list[DiffRow]:
    rows: list[DiffRow] = []
    hunk: _Hunk | None = None
    for line in unified.splitlines():
        if match := HUNK.match(line):
            if hunk is not None:
                hunk.flush()
                rows.extend([*hunk.rows, DiffRow("gap")])
            hunk = _Hunk(int(match[1]), int(match[2]))
        elif hunk is not None:  # before the first hunk come the ---/+++ file names
            hunk.line(line[:1], line[1:])
    if hunk is not None:
        hunk.flush()
        rows.extend(hunk.rows)
    return rows
