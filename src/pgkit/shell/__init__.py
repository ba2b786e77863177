"""One kernel per visitor: the shell that shows every kit view (see ``frame``)."""

from pgkit.shell.frame import Shell, open_view

__all__ = ["Shell", "open_view"]
