"""Models of the municipality's образовательные организации (its own schema)."""
