"""The views: each module has ``page(arg) -> base.Page``, built by the shell (``pgkit.shell``)."""
