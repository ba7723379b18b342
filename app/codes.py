"""Short codes people read from a screen or a letter and type in: resume codes, one-time codes.

No 0/O, 1/I/L: a code read aloud or copied from paper should not be mistyped.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int) -> str:
    """A random code in two halves, e.g. "7KQ2-M9XA"."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(length))
    half = length // 2
    return f"{letters[:half]}-{letters[half:]}"


def normalize_code(typed: str, length: int) -> str:
    """What a person typed, as stored ("7kq2 m9xa" → "7KQ2-M9XA"); "" when it cannot be one."""
    letters = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(letters) != length:
        return ""
    half = length // 2
    return f"{letters[:half]}-{letters[half:]}"
