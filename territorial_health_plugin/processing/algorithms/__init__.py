"""Processing algorithms, one module each."""


def algorithm_classes() -> list:
    """Return the algorithm classes that the provider registers."""
    return []
