"""What the endpoint allows; the defaults are the safe ones."""

from __future__ import annotations

import math
from dataclasses import dataclass

from graph.model.errors import AikgError

__all__ = ["EGO_CACHE", "MAX_PORT", "Settings"]


#: The largest TCP port.
MAX_PORT = 65535


@dataclass(frozen=True)
class Settings:
    """What the endpoint allows; the defaults are the safe ones.

    >>> Settings(timeout=float("nan"))
    Traceback (most recent call last):
    ...
    graph.model.errors.AikgError: timeout must be a positive number of seconds, not nan

    Raises:
        AikgError: a value out of its range (checked when made, so no server starts with it).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 10000
    max_request_bytes: int = 100_000
    workers: int = 2
    #: Seconds a client has to send a whole request (then ``408``, and it is closed).
    read_timeout: float = 10.0
    #: The most connections open at once (one more gets ``503`` and is closed).
    max_connections: int = 256
    cors: bool = False
    #: Extra Host header names to accept besides the bound host and localhost.
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.port <= MAX_PORT:
            raise AikgError(f"port must be 0 to {MAX_PORT} (0 picks a free one), not {self.port}")
        for name in ("timeout", "read_timeout"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise AikgError(f"{name} must be a positive number of seconds, not {value}")
        for name in ("max_rows", "max_request_bytes", "workers", "max_connections"):
            value = getattr(self, name)
            if value < 1:
                raise AikgError(f"{name} must be at least 1, not {value}")


#: How many entity neighbourhood pages the server keeps rendered.
EGO_CACHE = 64
