"""Models of the municipality's реестр документов (its own schema)."""
