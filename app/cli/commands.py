"""What every command module shares: the type of the parser group it adds its command to, and
asking before what cannot be undone."""

import argparse
import sys
from typing import TypeAlias

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def confirmed(question: str = "Skriv ja for å fortsette: ") -> bool:
    """Whether the person typed «ja» to `question`; if not, says that nothing is changed."""
    print(question, end="", flush=True)
    if sys.stdin.readline().strip().lower() == "ja":
        return True
    print("Ingenting er endret.")
    return False
