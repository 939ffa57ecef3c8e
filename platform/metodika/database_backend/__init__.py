"""The primary's database backend (``ENGINE = "metodika.database_backend"``): see ``base``."""
