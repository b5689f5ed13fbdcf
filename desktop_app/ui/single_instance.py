"""One window per data folder: a second launch hands its request to the first one and exits.

The first launch holds a QLockFile in the data folder (taken over when its owner has died, never
because it is old) and listens on a QLocalServer. A later launch that cannot take the lock sends
its file arguments there as one JSON line, waits for "ok", and exits; the first window comes forward.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "window.lock"
HAND_OVER_TIMEOUT_MS = 10_000  # the first window may be busy starting up
_ACK = b"ok\n"


def server_name(data_dir: Path) -> str:
    """A short name (Unix socket paths are limited) unique to this user and data folder."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        user = str(Path.home())
    digest = hashlib.sha256(f"{user}\0{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"inkstone-{digest}"


class SingleInstance(QObject):
    activationRequested = Signal(list)  # file paths (str) a later launch was given

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # a long-running window's lock never goes stale
        self._server: QLocalServer | None = None
        self._clients: set[QLocalSocket] = set()

    def acquire(self) -> bool:
        """Become the first instance; False when another live process is it."""
        if self._server is not None:
            return True
        if not self._lock.tryLock(0):
            return False
        QLocalServer.removeServer(self.name)  # a socket a crashed first instance left behind
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if not server.listen(self.name):
            log.warning("Later launches cannot reach this window: %s", server.errorString())
        self._server = server
        return True

    def hand_over(self, files: list[str], timeout_ms: int = HAND_OVER_TIMEOUT_MS) -> bool:
        """Ask the first instance to come forward and open `files`; False when it does not answer."""
        deadline = QDeadlineTimer(timeout_ms)
        request = json.dumps({"files": files}).encode("utf-8") + b"\n"
        while not deadline.hasExpired():
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(_remaining(deadline)):
                socket.write(request)
                answered = socket.waitForBytesWritten(_remaining(deadline))
                while answered and not socket.canReadLine() and not deadline.hasExpired():
                    answered = socket.waitForReadyRead(_remaining(deadline))
                acknowledged = socket.canReadLine() and bytes(socket.readLine().data()) == _ACK
                socket.abort()
                return acknowledged
            QThread.msleep(50)  # the first instance holds the lock but is not listening yet
        return False

    def release(self) -> None:
        """Stop listening and give up the lock (a later launch becomes the first)."""
        if self._server is None:
            return
        for socket in list(self._clients):
            self._forget(socket)
        self._server.close()
        self._server.deleteLater()
        self._server = None
        self._lock.unlock()

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(None)  # owned here, not by the server: deleted when it has been read
            self._clients.add(socket)
            socket.readyRead.connect(self._read_ready)
            socket.disconnected.connect(self._disconnected)

    def _read_ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._clients:
            self._read(socket)

    def _disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._clients:
            self._forget(socket)

    def _forget(self, socket: QLocalSocket) -> None:
        self._clients.discard(socket)
        socket.readyRead.disconnect(self._read_ready)
        socket.disconnected.disconnect(self._disconnected)
        socket.abort()
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            request = json.loads(line)
            files = [str(path) for path in request.get("files", [])]
        except (ValueError, AttributeError, TypeError):
            log.warning("Ignored a malformed request from another launch (%d bytes)", len(line))
            socket.abort()
            return
        socket.write(_ACK)
        socket.flush()
        log.info("Another launch handed over %d file(s)", len(files))
        self.activationRequested.emit(files)


def _remaining(deadline: QDeadlineTimer) -> int:
    return max(1, int(deadline.remainingTime()))
