"""Min stemme teller: a survey platform residents answer themselves."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
