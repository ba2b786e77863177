"""The same small store as the live tests use."""

from tests.live.conftest import World, migrated_store, world

__all__ = ["World", "migrated_store", "world"]
