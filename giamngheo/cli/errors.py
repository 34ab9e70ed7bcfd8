from __future__ import annotations

import sys


class CLIError(Exception):
    """A problem the user can fix; printed as one sentence, never as a traceback."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str, status: int) -> int:
    print(f"giamngheo: {message}", file=sys.stderr)
    return status
