"""The views: each module has ``page(arg) -> base.Page``; the shell (``pgkit.shell``) builds them."""
