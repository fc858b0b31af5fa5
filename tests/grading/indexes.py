"""A collection's indexes, read the same way on mongomock and on a real server."""


def unique_index_keys(collection) -> list[list[tuple]]:
    """The keys of each unique index, as [(field, direction), ...]. list(): mongomock gives
    an index made by create_indexes() its keys as dict_items."""
    indexes = collection.index_information().values()
    return [list(info["key"]) for info in indexes if info.get("unique")]
