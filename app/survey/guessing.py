"""Codes people type can be tried only so fast: a resume code (continues a response) and the
one-time code of a relative's letter (starts one).

Wrong codes are counted per client and for everyone together, in memory only: the client's
address is kept as a keyed hash for the window's length, never stored in the database and
never logged. A restart forgets the counts; the codes' length still holds (31^8 resume codes).
"""

import hashlib
import secrets
import time
from collections import deque
from collections.abc import Callable
from threading import Lock


class GuessLimit:
    PER_CLIENT = 10  # wrong codes from one address within CLIENT_WINDOW
    CLIENT_WINDOW = 15 * 60.0
    OVERALL = 300  # wrong codes from everyone within OVERALL_WINDOW: someone is trying hard
    OVERALL_WINDOW = 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_client, self.overall = self.PER_CLIENT, self.OVERALL
        self._clock = clock
        self._key = secrets.token_bytes(16)  # new each start: the hashes mean nothing later
        self._by_client: dict[bytes, deque[float]] = {}
        self._everyone: deque[float] = deque()
        self._lock = Lock()

    def allowed(self, client: str) -> bool:
        """Whether this client may try a code now."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            mine = self._by_client.get(self._hash(client), ())
            return len(mine) < self.per_client and len(self._everyone) < self.overall

    def failed(self, client: str) -> None:
        """A wrong code from this client."""
        with self._lock:
            now = self._clock()
            self._by_client.setdefault(self._hash(client), deque()).append(now)
            self._everyone.append(now)

    def _hash(self, client: str) -> bytes:
        return hashlib.blake2b(client.encode(), key=self._key, digest_size=16).digest()

    def _forget(self, now: float) -> None:
        while self._everyone and now - self._everyone[0] > self.OVERALL_WINDOW:
            self._everyone.popleft()
        for key in list(self._by_client):
            times = self._by_client[key]
            while times and now - times[0] > self.CLIENT_WINDOW:
                times.popleft()
            if not times:
                del self._by_client[key]
