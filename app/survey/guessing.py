"""Codes people type can be tried only so fast: a resume code (continues a response) and the
one-time code of a relative's letter (starts one).

Wrong codes are counted in the database, so every worker and every server on one database
shares the count. A client (an address; an IPv6 address by its /64 network, which one home or
phone holds whole) may get FREE codes wrong within WINDOW; after that, each try waits, longer
for each wrong code (15 s, 30 s, 60 s, then 2 minutes each), and the page says how long. Nobody
is ever locked out: many people behind one address (a municipality's network, a proxy that
sends no address) share its waits, never more than two minutes a try. When very many wrong codes
come from everywhere at once (someone with many addresses), a client waits from its first wrong
code; a right code typed at once still goes straight in.

The address is kept only as a digest keyed with the server's secret key (app/codes.py), and
only while it counts: rows older than WINDOW are deleted as new ones come. It is never logged.
"""

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, insert, select

from app.codes import keyed_digest
from app.storage.tables import guesses_table


@dataclass
class GuessLimit:
    engine: Engine
    key: bytes
    clock: Callable[[], float] = time.time  # wall time: shared by every server

    FREE = 10  # wrong codes from one client within WINDOW before tries wait
    WINDOW = 15 * 60.0
    FIRST_WAIT = 15.0  # seconds after the FREE-th wrong code, doubled for each after it
    LONGEST_WAIT = 120.0
    BUSY = 300  # wrong codes from everyone within BUSY_WINDOW: someone is trying hard
    BUSY_WINDOW = 60.0

    def wait(self, client: str) -> int:
        """How many seconds this client must wait before its next try (0: it may try now)."""
        now = self.clock()
        mine = self._client(client)
        with self.engine.connect() as connection:
            count, latest = connection.execute(
                select(func.count(), func.max(guesses_table.c.tried_at)).where(
                    guesses_table.c.client == mine, guesses_table.c.tried_at > now - self.WINDOW
                )
            ).one()
            busy = (
                count
                and connection.execute(
                    select(func.count()).where(guesses_table.c.tried_at > now - self.BUSY_WINDOW)
                ).scalar_one()
            )
            connection.rollback()
        free = 1 if busy and busy >= self.BUSY else self.FREE
        if count < free or latest is None:
            return 0
        waited = now - latest
        needed = min(self.FIRST_WAIT * 2 ** (count - free), self.LONGEST_WAIT)
        return max(0, int(needed - waited + 0.999))

    def failed(self, client: str) -> None:
        """A wrong code from this client."""
        now = self.clock()
        with self.engine.begin() as connection:
            connection.execute(
                insert(guesses_table).values(client=self._client(client), tried_at=now)
            )
            connection.execute(
                delete(guesses_table).where(guesses_table.c.tried_at < now - self.WINDOW)
            )

    def _client(self, address: str) -> str:
        return keyed_digest(self.key, f"guess:{client_group(address)}")[:32]


def client_group(address: str) -> str:
    """Who counts as one client: an IPv4 address, or an IPv6 address's /64 network (a home's or
    a phone's provider hands out a whole /64, so its addresses are one client)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(parsed)
