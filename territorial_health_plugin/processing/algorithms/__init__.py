"""Processing algorithms, one module each."""


def algorithm_classes() -> list:
    """Return the algorithm classes that the provider registers."""
    from territorial_health_plugin.processing.algorithms.build_diagnostic import BuildDiagnosticAlgorithm
    from territorial_health_plugin.processing.algorithms.compute_indicators import ComputeIndicatorsAlgorithm
    from territorial_health_plugin.processing.algorithms.resolve_territory import ResolveTerritoryAlgorithm

    return [BuildDiagnosticAlgorithm, ResolveTerritoryAlgorithm, ComputeIndicatorsAlgorithm]
