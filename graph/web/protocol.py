"""HTTP/1.1 as uvicorn speaks it for the app, with a request head over its limit answered.

uvicorn's h11 parser gives up on a request head (request line and headers) larger than
its buffer limit, and uvicorn then closes the connection while the client is still
sending: the client sees a TCP reset, not an answer. Here the limit is set above
``--max-request-bytes`` (so the app itself answers ``414`` for any query string it
refuses, however the bytes arrive), and a head past even that gets ``414`` (the request
line) or ``431`` (the headers), after which the connection is closed gently: the rest
of the request is read and dropped, so the answer reaches the client.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HEAD_MARGIN", "LINGER_SECONDS", "BoundedH11Protocol", "head_limit"]


#: What a request head may hold besides its query string: the method, path and headers.
HEAD_MARGIN = 64 * 1024


#: How long a refused connection is read (and the bytes dropped) before it is closed.
LINGER_SECONDS = 2.0


def head_limit(max_request_bytes: int) -> int:
    """The largest request head parsed for an app that accepts ``max_request_bytes``.

    >>> head_limit(100_000)
    165536
    """
    return max_request_bytes + HEAD_MARGIN


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering a request head over the limit before closing;
    every refusal it makes itself says ``nosniff``, as the app's answers do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lingering = False

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # the rest of a refused request: read, so that closing sends no reset
        super().data_received(data)

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
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
