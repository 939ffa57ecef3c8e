"""Models of the municipality's банк лучших практик (its own schema)."""
