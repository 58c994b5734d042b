"""The functions a user typed, by id, with a generation counter (see :mod:`.catalogue`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

if TYPE_CHECKING:
    from .catalogue import Activation

__all__ = ["TypedRegistry"]


class TypedRegistry:
    """Functions the user typed (family ``"custom"``), by id, in the order added.

    ``generation`` counts every change (add, replace, remove); :meth:`key` gives a cache key
    that changes when the entry under an id is replaced.  The ids in ``builtin`` are refused.
    """

    def __init__(self, builtin: Iterable[str] = ()) -> None:
        self._builtin = frozenset(builtin)
        self._entries: dict[str, Activation] = {}
        self._stamps: dict[str, int] = {}
        self.generation = 0

    def add(self, entry: Activation) -> None:
        """Add ``entry``; a typed function with the same id is replaced (in its place)."""
        if entry.id in self._builtin:
            raise ValueError(f"{entry.id!r} is a built-in activation")
        self.generation += 1
        self._entries[entry.id] = entry
        self._stamps[entry.id] = self.generation

    def remove(self, entry_id: str) -> None:
        if entry_id in self._builtin:
            raise ValueError(f"{entry_id!r} is a built-in activation")
        if self._entries.pop(entry_id, None) is not None:
            del self._stamps[entry_id]
            self.generation += 1

    def clear(self) -> None:
        if self._entries:
            self._entries.clear()
            self._stamps.clear()
            self.generation += 1

    def key(self, entry_id: str) -> tuple[str, int]:
        """(id, generation at which the current entry was added); 0 for a built-in."""
        return (entry_id, self._stamps.get(entry_id, 0))

    def snapshot(self) -> dict[str, Activation]:
        return dict(self._entries)

    def restore(self, snapshot: Mapping[str, Activation]) -> None:
        """Put back exactly the entries of :meth:`snapshot` (one generation step if any differ)."""
        if list(self._entries.items()) == list(snapshot.items()):
            return
        self.generation += 1
        self._entries = dict(snapshot)
        self._stamps = {k: self.generation for k in self._entries}

    def get(self, entry_id: str, default: Activation | None = None) -> Activation | None:
        return self._entries.get(entry_id, default)

    def values(self) -> list[Activation]:
        return list(self._entries.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)
