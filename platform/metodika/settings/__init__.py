"""Settings split by environment (base/dev/test/production) and by integration.

Only :mod:`metodika.settings.environment` reads the process environment.
"""
