"""A TCP listener on 127.0.0.1 for tests that need a hostile or watching peer.

The hostile-input tests play two parts with it: a canary that records the connections an
endpoint should never make (SSRF), and a server that answers one byte at a time (a total
deadline must cut it off). Only what happens on each connection differs, so subclasses
implement `handle`; every connection gets its own thread so one slow peer blocks no other.
"""

from __future__ import annotations

import socket
import threading


class Listener:
    """Accepts connections on an ephemeral 127.0.0.1 port until `close()`."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port: int = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self.handle(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def handle(self, conn: socket.socket) -> None:
        """What the peer does with one accepted connection."""
        raise NotImplementedError

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
