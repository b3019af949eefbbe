from tests.db_helpers import database_url, migrated_url, store

__all__ = ["database_url", "migrated_url", "store"]
