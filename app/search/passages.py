"""The passages of an asset that are embedded one by one: its name, title, description (alone
and after the title), tags and the sentences of its latest body. People search for what a prompt
does; one vector of a whole body blurs that among its instructions, while a passage that says it
(a title, one sentence) stays sharp."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A body's first sentences say most about what it does; past these, a long body adds cost only.
MAX_BODY_PASSAGES = 24
MAX_CHUNK_WORDS = 60
MIN_SENTENCE_WORDS = 4

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_TEMPLATE_MARKUP = re.compile(r"\{\{[>#/\s]*|\s*\}\}")
_SEPARATORS = re.compile(r"[-_.]+")


@dataclass(frozen=True)
class Passage:
    source: str  # name, title, summary, description, tags or body
    position: int
    text: str


def sentences(text: str) -> list[str]:
    """Sentences of at least MIN_SENTENCE_WORDS words (a shorter one joins the next), cut into
    windows of at most MAX_CHUNK_WORDS words."""
    chunks: list[str] = []
    pending: list[str] = []
    for sentence in _SENTENCE_END.split(_TEMPLATE_MARKUP.sub(" ", text)):
        pending += sentence.split()
        if len(pending) < MIN_SENTENCE_WORDS:
            continue
        chunks += [
            " ".join(pending[start : start + MAX_CHUNK_WORDS])
            for start in range(0, len(pending), MAX_CHUNK_WORDS)
        ]
        pending = []
    if pending:
        chunks.append(" ".join(pending))
    return chunks


def words_of(name: str) -> str:
    """'customer-support_reply' reads as 'customer support reply'."""
    return _SEPARATORS.sub(" ", name).strip()


def asset_passages(
    *, name: str, title: str, description: str, tags: list[str], body: str | None
) -> list[Passage]:
    passages = [Passage("name", 0, words_of(name)), Passage("title", 0, title)]
    if description.strip():
        passages.append(Passage("summary", 0, f"{title}. {description}"))
    passages += [Passage("description", i, text) for i, text in enumerate(sentences(description))]
    if tags:
        passages.append(Passage("tags", 0, ", ".join(words_of(tag) for tag in tags)))
    if body:
        body_sentences = sentences(body)[:MAX_BODY_PASSAGES]
        passages += [Passage("body", i, text) for i, text in enumerate(body_sentences)]
    return [passage for passage in passages if passage.text.strip()]
