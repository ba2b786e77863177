"""Where errors a visitor must not see go: the server log, never the page.

Kept free of widgets and pages so that loops below the pages (``pgkit.live.refresh``)
can report an error without importing the page layer.
"""

from __future__ import annotations

import sys
import traceback


def report_error(exc: BaseException) -> None:
    """Print the traceback to the kernel's real stderr, which Voila writes to its log."""
    print("".join(traceback.format_exception(exc)), file=sys.__stderr__, flush=True)
