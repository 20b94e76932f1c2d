"""The base of every vocabulary of the format files (cell kinds, layouts, severities, …): an enum
whose members are the words themselves."""

from __future__ import annotations

from enum import Enum


class Vocabulary(str, Enum):
    """A word of the format files' vocabulary. It equals, prints and serialises as the word itself,
    so format files and draft files keep their plain strings."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def words(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def choices(cls) -> str:
        """The words for a message: “blocks、matrix、flat 或 list”."""
        *first, last = cls.words()
        return f"{'、'.join(first)} 或 {last}" if first else last
