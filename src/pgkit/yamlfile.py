"""YAML for every kit file: always a safe loader, libyaml's C one when it is installed.

The C loader parses the message catalogue and the content about ten times faster, which
a visitor's first view waits for.
"""

from __future__ import annotations

from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)
