"""HTTP/1.1 as uvicorn speaks it for the app, with a request head over its limit answered.

uvicorn's h11 parser gives up on a request head (request line and headers) larger than
its buffer limit, and uvicorn then closes the connection while the client is still
sending: the client sees a TCP reset, not an answer. Here the limit is set above
``--max-request-bytes`` (so the app itself answers ``414`` for any query string it
refuses, however the bytes arrive), and a head past even that gets ``414`` (the request
line) or ``431`` (the headers), after which the connection is closed gently: the rest
of the request is read and dropped, so the answer reaches the client.

A client must also send its whole request (head and body) within the read timeout: one
that sends it slowly, or starts and stalls, gets ``408`` and is closed, and one that
connects and sends nothing is closed silently. Past the connection limit a new
connection gets ``503`` with ``Retry-After`` at once and is closed, so slow clients
cannot hold every file descriptor of the server.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "HEAD_MARGIN",
    "KEEP_ALIVE_SECONDS",
    "LINGER_SECONDS",
    "RETRY_AFTER_SECONDS",
    "BoundedH11Protocol",
    "bounded_protocol",
    "head_limit",
]


#: What a request head may hold besides its query string: the method, path and headers.
HEAD_MARGIN = 64 * 1024


#: How long a refused connection is read (and the bytes dropped) before it is closed.
LINGER_SECONDS = 2.0


#: How long an idle connection is kept open for the client's next request.
KEEP_ALIVE_SECONDS = 5


#: What a connection refused for being past the limit is told to wait.
RETRY_AFTER_SECONDS = 1


#: The states in which the client is still sending its request (or has not started).
_READING = (h11.IDLE, h11.SEND_BODY)


def head_limit(max_request_bytes: int) -> int:
    """The largest request head parsed for an app that accepts ``max_request_bytes``.

    >>> head_limit(100_000)
    165536
    """
    return max_request_bytes + HEAD_MARGIN


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering a request head over the limit before closing, with
    a deadline for each request and a limit on open connections; every refusal it makes
    itself says ``nosniff``, as the app's answers do."""

    #: Seconds a client has to send a whole request: from the connection for the first,
    #: from its first byte for the next ones on a kept-alive connection.
    read_timeout: float = 10.0
    #: The most connections open at once; one more is refused with ``503``.
    max_connections: int = 256

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lingering = False
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self._refuse_raw(
                503,
                f"the server has {self.max_connections} connections open, its limit; "
                "retry in a moment",
                extra=[(b"retry-after", str(RETRY_AFTER_SECONDS).encode())],
            )
            return
        self._arm_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # the rest of a refused request: read, so that closing sends no reset
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._arm_deadline()  # a next request begins: the keep-alive wait is over
        super().data_received(data)
        if self.conn.their_state not in _READING:
            self._cancel_deadline()  # the whole request is in (or refused): the app's turn

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Idle, the connection is uvicorn's keep-alive timer's to close; a next request
        # already begun (pipelined) has its deadline from now.
        head, _closed = self.conn.trailing_data
        if head and not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_deadline()

    def _arm_deadline(self) -> None:
        self._cancel_deadline()
        self._deadline = self.loop.call_later(self.read_timeout, self._read_timed_out)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _read_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or self._lingering:
            return
        if self.conn.their_state not in _READING:
            return
        if self.cycle is not None and not self.cycle.response_complete:
            if self.cycle.response_started:
                return  # the app answers already
            if self.conn.their_state is h11.SEND_BODY:
                self.cycle.disconnected = True  # the app reading the body stops
                self.cycle.message_event.set()
        head, _closed = self.conn.trailing_data
        if not head and self.conn.their_state is h11.IDLE:
            self.transport.close()  # nothing sent: an idle connection, closed silently
            return
        self._refuse_raw(
            408,
            f"the request did not arrive within {self.read_timeout:g} s: "
            "send the whole request at once",
        )

    def send_400_response(self, msg: str) -> None:
        limit = self.config.h11_max_incomplete_event_size
        head, _closed = self.conn.trailing_data
        if limit is None or len(head) <= limit:
            self._refuse(400, msg)  # a malformed request: uvicorn's own 400, closed gently
            return
        line_end = head.find(b"\r\n")
        if line_end < 0 or line_end > limit:
            status, message = (
                414,
                (
                    f"the request line is longer than {limit} bytes: the query string is too "
                    "long (POST a long query as application/sparql-query)"
                ),
            )
        else:
            status, message = 431, f"the request headers are larger than {limit} bytes"
        self._refuse(status, message)

    def _refuse(self, status: int, message: str) -> None:
        self._cancel_deadline()
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"x-content-type-options", b"nosniff"),
            (b"connection", b"close"),
        ]
        body = (message + "\n").encode("utf-8")
        for event in (
            h11.Response(status_code=status, headers=headers, reason=HTTPStatus(status).phrase),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self._linger()

    def _refuse_raw(
        self, status: int, message: str, *, extra: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Answer ``status`` before (or without) a whole request, which h11 cannot send."""
        self._cancel_deadline()
        body = (message + "\n").encode("utf-8")
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"connection", b"close"),
            *(extra or []),
        ]
        head = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode()
        head += b"".join(name + b": " + value + b"\r\n" for name, value in headers)
        self.transport.write(head + b"\r\n" + body)
        self._linger()

    def _linger(self) -> None:
        """Read and drop what the client still sends, then close: no reset on the answer."""
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)


def bounded_protocol(*, read_timeout: float, max_connections: int) -> type[BoundedH11Protocol]:
    """:class:`BoundedH11Protocol` with these limits (uvicorn makes one per connection).

    >>> bounded_protocol(read_timeout=2.5, max_connections=8).read_timeout
    2.5
    """
    return type(
        "BoundedH11Protocol",
        (BoundedH11Protocol,),
        {"read_timeout": read_timeout, "max_connections": max_connections},
    )
