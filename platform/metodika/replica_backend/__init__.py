"""The replica's database backend (``ENGINE = "metodika.replica_backend"``): see ``base``."""
