"""Models of the municipality's педагоги и сотрудники службы (its own schema)."""
