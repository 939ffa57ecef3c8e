"""Models of the municipality's методические объединения и советы (its own schema)."""
