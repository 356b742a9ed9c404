"""Errors that the CLI and the app turn into a one-line message (never a traceback)."""

from __future__ import annotations

import os


class InputError(Exception):
    """Bad input: names the file (or the input's label) and the problem in one line."""

    def __init__(self, source: str | os.PathLike[str] | None, problem: str) -> None:
        self.source = os.fspath(source) if source is not None else None
        # One line, whatever a parser or a library put into the message.
        self.problem = " ".join(problem.split()) if ("\n" in problem or "\r" in problem) else problem
        super().__init__(f"{self.source}: {self.problem}" if self.source else self.problem)

    def __reduce__(self) -> tuple[type[InputError], tuple[str | None, str]]:
        # Raised in a worker process, it must survive the trip back to the parent.
        return (InputError, (self.source, self.problem))
