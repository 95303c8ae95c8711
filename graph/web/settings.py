"""What the endpoint allows; the defaults are the safe ones."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EGO_CACHE", "Settings"]


@dataclass(frozen=True)
class Settings:
    """What the endpoint allows; the defaults are the safe ones."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 10000
    max_request_bytes: int = 100_000
    workers: int = 2
    cors: bool = False
    #: Extra Host header names to accept besides the bound host and localhost.
    allowed_hosts: tuple[str, ...] = ()


#: How many entity neighbourhood pages the server keeps rendered.
EGO_CACHE = 64
