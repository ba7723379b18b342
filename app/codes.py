"""Short codes people read from a screen or a letter and type in: resume codes, one-time codes;
and the long secrets a browser keeps in a cookie (a signed-in session, a device's response).

No 0/O, 1/I/L: a code read aloud or copied from paper should not be mistyped. A cookie's secret
is stored only as its digest, so whoever reads the database cannot act as that browser. A short
code has too few possibilities for a plain digest (31^8 are tried offline in minutes): it is
stored as a digest keyed with the server's secret key, which the database does not hold.
"""

import hashlib
import hmac
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


def new_secret() -> str:
    """A secret for a cookie: 128 random bits."""
    return secrets.token_urlsafe(16)


def digest(secret: str) -> str:
    """What is stored of a cookie's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def keyed_digest(key: bytes, code: str) -> str:
    """What is stored of a short code: worthless without the key."""
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def derived_code(key: bytes, seed: str, length: int) -> str:
    """A code in the form new_code makes, the same for the same key and seed, and unknowable
    without the key (so a page can show it again without the database keeping it)."""
    number = int.from_bytes(hmac.new(key, seed.encode(), hashlib.sha256).digest(), "big")
    letters = []
    for _ in range(length):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    half = length // 2
    return f"{''.join(letters[:half])}-{''.join(letters[half:])}"
