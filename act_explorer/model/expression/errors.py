"""The error a refused expression raises: a message with where it points in the text."""

from __future__ import annotations

from ..catalogue import ParamError

__all__ = ["ExpressionError"]


class ExpressionError(ParamError):
    """A typed expression that is refused.

    ``position`` is the 0-based character offset of the offending part (it may equal
    ``len(text)`` when something is missing at the end) and ``length`` its length (>= 1),
    for the input box to underline.  ``str()`` is one line with the column and an excerpt;
    :meth:`caret` gives the two-line excerpt with a ``^^^`` marker.
    """

    def __init__(self, message: str, text: str = "", position: int = 0, length: int = 1):
        self.message = message
        self.text = text if isinstance(text, str) else ""
        self.position = max(0, int(position))
        self.length = max(1, int(length))
        super().__init__(self._one_line())

    @property
    def column(self) -> int:
        """1-based column of :attr:`position`."""
        return self.position + 1

    def _window(self, width: int = 48) -> tuple[str, int]:
        """(excerpt, offset of position inside it), excerpt at most ~width characters."""
        text = self.text
        start = max(0, self.position - width // 2)
        end = min(len(text), start + width)
        start = max(0, min(start, end - width))
        excerpt = text[start:end]
        offset = self.position - start
        if start > 0:
            excerpt = "..." + excerpt
            offset += 3
        if end < len(text):
            excerpt += "..."
        excerpt = "".join(" " if ch in "\r\n\t" else ch for ch in excerpt)
        return excerpt, offset

    def caret(self) -> str:
        """Two lines: the excerpt and a ``^`` marker under the offending part."""
        if not self.text:
            return ""
        excerpt, offset = self._window()
        n = max(1, min(self.length, len(excerpt) - offset if offset < len(excerpt) else 1, 40))
        return f"{excerpt}\n{' ' * offset}{'^' * n}"

    def _one_line(self) -> str:
        if not self.text:
            return self.message
        excerpt, _ = self._window()
        bad = self.text[self.position:self.position + min(self.length, 20)]
        here = f" (at {bad!r})" if bad.strip() else ""
        return f"{self.message} at column {self.column}{here}: {excerpt}"
