"""All configuration in one place, read from the environment (prefix MINSTEMME_)."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app import PROJECT_ROOT

DEVELOPMENT_KEY = "development-only-not-secret"
MIN_KEY_LENGTH = 32


PUBLIC_URL_VARIABLE = "MINSTEMME_PUBLIC_URL"  # Settings.public_url, as the environment names it


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MINSTEMME_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'minstemme.db'}"
    questions_dir: Path = PROJECT_ROOT / "questions"
    illustrations_dir: Path = PROJECT_ROOT / "illustrations"
    # Resized, metadata-free copies of owners' photos (made by `minstemme images build`).
    built_images_dir: Path = PROJECT_ROOT / "data" / "images"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    # Synthesized clips are cached in audio/cache; recordings go in audio/recorded.
    audio_dir: Path = PROJECT_ROOT / "audio"
    # The Google domain gTTS uses (only when a questionnaire chooses engine: gtts).
    gtts_tld: str = "com"
    # Cookies only over HTTPS; off in development so http://127.0.0.1 works.
    secure_cookies: bool = False
    # A device keeps its unfinished response this long (no time limit inside the survey).
    resume_cookie_days: int = 180
    # The address people reach the site at: the round links and QR codes are made from it.
    public_url: str = "http://127.0.0.1:8000"
    # A made-up municipality's round for this year, listed on the front page so the survey
    # can be tried at once. On unless the environment is production.
    demo_round: bool | None = None
    # After a new survey page appears, taps on it are ignored this long (milliseconds): the
    # second tap of a double tap, or a tremor, must not answer a question not yet seen.
    tap_settle_ms: int = Field(default=600, ge=0, le=3000)
    # The plain-language report of `minstemme check` (warnings only): most words in a
    # question, letters in a word before it is named as long, and how rare a word may be in
    # written Norwegian (Zipf frequency; 1.5 is about once in 30 million words; 0 turns it off).
    plain_max_words: int = Field(default=15, ge=1)
    plain_long_word: int = Field(default=13, ge=1)
    plain_rare_zipf: float = Field(default=1.5, ge=0, le=8)
    # Figures built on fewer respondents than this are hidden everywhere (never below 3).
    min_group: int = Field(default=5, ge=3)
    # Keys the digests of codes people type (resume codes), so that whoever reads the database
    # or a backup cannot work a code out from its digest. Every server on one database needs
    # the same key; it is kept with the settings, never in the database. Production refuses the
    # development placeholder (which is public: it protects nothing).
    secret_key: SecretStr = SecretStr(DEVELOPMENT_KEY)
    # The reverse proxies whose X-Forwarded-For header tells the client's address (addresses or
    # networks, comma between: "127.0.0.1" or "10.0.0.0/8"). None by default: a header from
    # anyone else is ignored, or a client could name a new address for each code it guesses.
    trusted_proxies: str = ""
    # With `serve --workers N`, how long a worker process may take to start (import the app and
    # answer) before it is replaced; uvicorn's own 5 s killed every worker on a loaded machine.
    worker_start_seconds: int = Field(default=60, ge=5, le=600)
    # How the server's log lines are written: "plain" text, or "json" (one object per line).
    log_format: Literal["plain", "json"] = "plain"
    # Serve the theme figures this installation shows (no filter, the same k) at /tall.json and
    # /tall.csv for anyone, so other installations can add them to «Landet»
    # (app/results/national.py). Off until the municipalities have agreed to publish.
    publish_figures: bool = False
    # The time zone rounds open and close in (app/clock.py), whatever zone the server runs in.
    time_zone: str = "Europe/Oslo"

    @model_validator(mode="after")
    def refuse_unsafe_production(self) -> "Settings":
        if self.environment != "production":
            return self
        if not self.secure_cookies:
            raise ValueError(
                "MINSTEMME_SECURE_COOKIES must be true in production (serve over HTTPS)."
            )
        key = self.secret_key.get_secret_value()
        if key == DEVELOPMENT_KEY or len(key) < MIN_KEY_LENGTH:
            raise ValueError(
                f"MINSTEMME_SECRET_KEY must be set in production: at least {MIN_KEY_LENGTH} "
                "random characters, the same on every server, kept out of database backups "
                '(make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))").'
            )
        return self

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_addresses(cls, value: str) -> str:
        for part in (p.strip() for p in value.split(",") if p.strip()):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(
                    f"MINSTEMME_TRUSTED_PROXIES: «{part}» is not an address or a network "
                    '(write the proxies\' addresses, such as "127.0.0.1" or "10.0.0.0/8", with '
                    "a comma between; never *, which would let anyone name any address)"
                ) from None
        return value

    @field_validator("time_zone")
    @classmethod
    def zone_is_known(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"MINSTEMME_TIME_ZONE: «{value}» is not a time zone (write one such as Europe/Oslo)"
            ) from None
        return value

    @property
    def proxies(self) -> list[str]:
        """The trusted proxies, as uvicorn takes them."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def key(self) -> bytes:
        """The secret key, for keyed digests (app/codes.py)."""
        return self.secret_key.get_secret_value().encode()

    @property
    def wants_demo_round(self) -> bool:
        if self.demo_round is None:
            return self.environment != "production"
        return self.demo_round

    @property
    def audio_cache_dir(self) -> Path:
        return self.audio_dir / "cache"

    @property
    def recordings_dir(self) -> Path:
        return self.audio_dir / "recorded"

    @property
    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url.removeprefix(prefix))
        return None


@lru_cache
def get_settings() -> Settings:
    return Settings()
