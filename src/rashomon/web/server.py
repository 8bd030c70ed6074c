"""The connection machinery under ``rashomon serve``: deadlines and a connection cap.

``http.server`` on its own waits forever: for a request that never comes, for headers sent a
byte a second (slowloris), for a body announced as 25 MB of which 100 bytes arrive. Here
every read has a *total* deadline, not just a per-``recv`` timeout (which a trickle resets
forever): before each ``recv`` the socket timeout is set to what is left of the current
deadline, so no watchdog thread is needed.

* waiting for a request (a new connection, or between requests): :attr:`Limits.idle_timeout`;
* the request line and headers, from their first byte: :attr:`Limits.header_timeout`;
* a body of ``n`` bytes: :meth:`Limits.transfer_time` (a floor plus ``n`` at a minimum rate),
  armed by the handler with :meth:`GuardedHandler.body_deadline`;
* each response write: :meth:`Limits.transfer_time` of its size.

At most :attr:`Limits.max_connections` connections are served at once; one more is answered
``503`` straight from the accepting thread and closed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["GuardedHandler", "GuardedServer", "Limits"]


@dataclasses.dataclass(frozen=True)
class Limits:
    """Time and connection limits; tests make them small."""

    idle_timeout: float = 15.0  # no request on an open connection: close it
    header_timeout: float = 10.0  # request line and headers, in all
    transfer_floor: float = 30.0  # a body (or a response) may take this long ...
    transfer_rate: float = 100_000.0  # ... plus its size at this many bytes a second
    max_connections: int = 32

    def transfer_time(self, size: int) -> float:
        return self.transfer_floor + max(size, 0) / self.transfer_rate


class _DeadlineReader(io.RawIOBase):
    """The socket's input, each ``recv`` bounded by what is left of a total deadline.

    Before a request, :meth:`expect_request` starts the idle wait; the first byte that
    arrives starts the header deadline.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._deadline = float("inf")
        self._next: float | None = None  # header time, armed by the first byte

    def readable(self) -> bool:
        return True

    def expect_request(self, idle: float, headers: float) -> None:
        self._deadline = time.monotonic() + idle
        self._next = headers

    def set_deadline(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self._next = None

    def readinto(self, buffer: Any) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the client took too long")
        self._sock.settimeout(left)
        n = self._sock.recv_into(buffer)
        if n and self._next is not None:
            self._deadline, self._next = time.monotonic() + self._next, None
        return n


class _DeadlineWriter(io.BufferedIOBase):
    """The socket's output; a write of ``n`` bytes may take ``limits.transfer_time(n)``."""

    def __init__(self, sock: socket.socket, limits: Limits) -> None:
        self._sock = sock
        self._limits = limits

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        with memoryview(b) as view:
            # sendall's timeout bounds the whole call, not each send (Python >= 3.5).
            self._sock.settimeout(self._limits.transfer_time(view.nbytes))
            self._sock.sendall(view)
            return view.nbytes


class GuardedHandler(BaseHTTPRequestHandler):
    """A request handler whose reads and writes keep to :class:`Limits`."""

    limits = Limits()

    def setup(self) -> None:
        # StreamRequestHandler.setup, with our reader and writer in place of makefile's.
        self.connection = self.request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self._reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)
        self.wfile = _DeadlineWriter(self.connection, self.limits)

    def handle_one_request(self) -> None:
        self._reader.expect_request(self.limits.idle_timeout, self.limits.header_timeout)
        super().handle_one_request()

    def body_deadline(self, size: int) -> None:
        """Give the body of ``size`` bytes, from now, :meth:`Limits.transfer_time`."""
        self._reader.set_deadline(self.limits.transfer_time(size))


_BUSY_TEXT = b"Too many open connections; retry in a few seconds.\r\n"
_BUSY = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: %d\r\nRetry-After: 5\r\nConnection: close\r\n\r\n%s"
) % (len(_BUSY_TEXT), _BUSY_TEXT)


class GuardedServer(ThreadingHTTPServer):
    """A thread per connection, at most ``limits.max_connections`` of them at once."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[GuardedHandler]) -> None:
        super().__init__(address, handler)
        self.limits = handler.limits
        self.open_connections = 0  # changed under self._count_lock
        self._count_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._count_lock:
            busy = self.open_connections >= self.limits.max_connections
            if not busy:
                self.open_connections += 1
        if busy:
            return self._refuse(request)
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started: nothing else will count it down
            self._release()
            self.shutdown_request(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release()

    def _release(self) -> None:
        with self._count_lock:
            self.open_connections -= 1

    def _refuse(self, request: socket.socket) -> None:
        """503 and close, without blocking the accepting thread."""
        try:
            request.setblocking(False)
            with contextlib.suppress(OSError):  # read what came, so closing sends no reset
                request.recv(65536)
            request.send(_BUSY)  # far smaller than a socket buffer: never blocks
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away or was too slow is not a server error worth a traceback.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)
