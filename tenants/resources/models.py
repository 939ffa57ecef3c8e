"""Models of the municipality's банк педагогической информации (its own schema)."""
