"""A unified diff of two bodies in bounded work.

difflib's matcher takes quadratic time, or worse, on long bodies whose lines repeat in another
order (two bodies of 12,000 lines held the server 17 s). This one counts the comparisons that
difflib's `find_longest_match` makes (the lines of `a` it walks and the places in `b` of each)
and, once they pass a budget, gives up pairing lines: the changed middle, between the lines the
bodies share at their start and end, shows as removed whole and added whole. The diff stays
valid, only coarser.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from itertools import accumulate

# About 0.1 s of difflib at worst on this machine; bodies of 100,000 lines with scattered edits
# need a fraction of it.
COMPARISON_BUDGET = 1_000_000
CONTEXT_LINES = 3


class _OverBudget(Exception):
    pass


class _BudgetedMatcher(difflib.SequenceMatcher[str]):
    # Set by SequenceMatcher; typeshed leaves them out. b2j: each line of b, where it stands.
    a: Sequence[str]
    b: Sequence[str]
    b2j: dict[str, list[int]]

    def __init__(self, a: Sequence[str], b: Sequence[str], budget: int) -> None:
        super().__init__(None, a, b)
        walked = (1 + len(self.b2j.get(line, ())) for line in a)
        self._comparisons_before = list(accumulate(walked, initial=0))
        self._budget = budget

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        end = len(self.a) if ahi is None else ahi
        self._budget -= self._comparisons_before[end] - self._comparisons_before[alo]
        if self._budget < 0:
            raise _OverBudget
        return super().find_longest_match(alo, end, blo, len(self.b) if bhi is None else bhi)

    def get_matching_blocks(self) -> list[difflib.Match]:
        try:
            return super().get_matching_blocks()
        except _OverBudget:
            self.matching_blocks = _shared_start_and_end(self.a, self.b)
            return self.matching_blocks


def _shared_start_and_end(a: Sequence[str], b: Sequence[str]) -> list[difflib.Match]:
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    blocks = [difflib.Match(0, 0, start), difflib.Match(len(a) - end, len(b) - end, end)]
    return [block for block in blocks if block.size] + [difflib.Match(len(a), len(b), 0)]


def _range(start: int, end: int) -> str:
    """A hunk's range as unified diffs write it: 1-based start, then length if not 1."""
    length = end - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def unified_diff(
    a: Sequence[str],
    b: Sequence[str],
    *,
    fromfile: str,
    tofile: str,
    budget: int = COMPARISON_BUDGET,
) -> Iterator[str]:
    """The lines (each ending in a newline when its source did) of a unified diff, as
    difflib.unified_diff writes them."""
    matcher = _BudgetedMatcher(a, b, budget)
    groups = list(matcher.get_grouped_opcodes(CONTEXT_LINES))
    if not groups:
        return
    yield f"--- {fromfile}\n"
    yield f"+++ {tofile}\n"
    for group in groups:
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, a_start, a_end, b_start, b_end in group:
            if tag == "equal":
                yield from (" " + line for line in a[a_start:a_end])
                continue
            yield from ("-" + line for line in a[a_start:a_end])
            yield from ("+" + line for line in b[b_start:b_end])
