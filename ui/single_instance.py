"""One window per database file: a second start brings the first window forward.

The app holds the database's instance lock (``coop_desktop.db.lock``) while it runs and
listens on a local socket (``QLocalServer``) named after the database file and the user.
A second start on the same file cannot take the lock; it connects to that socket, sends
``raise``, and exits — the officer sees the window they already had, instead of two
windows overwriting each other's edits.

The socket name is derived from the resolved database path, so two different databases
can be open in two windows. A server socket left behind by a killed app (a file on Unix)
is removed before listening: the caller only listens once it holds the lock, so nobody
else can be serving that name.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


def server_name(db_path: Path) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some systems
        user = "user"
    key = f"{user}\0{Path(db_path).resolve()}".encode("utf-8", "surrogatepass")
    return "coop-desktop-" + hashlib.sha256(key).hexdigest()[:24]


class InstanceServer(QObject):
    """Listens for later starts on the same database; ``raise_requested`` when one asks."""

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a stale socket of a killed app
        self.listening = self.server.listen(self.name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        # The other start writes its one line right after connecting: read it here (a
        # short wait at most), answer by raising, and drop the connection.
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if not socket.bytesAvailable():
                socket.waitForReadyRead(1000)
            data = bytes(socket.readAll().data())
            socket.abort()
            socket.deleteLater()
            if data.startswith(RAISE.strip()):
                self.raise_requested.emit()

    def close(self) -> None:
        self.server.close()


def ask_first_to_raise(db_path: Path, timeout_ms: int = 2000) -> bool:
    """Ask the app that has ``db_path`` open to come to the front; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return ok
