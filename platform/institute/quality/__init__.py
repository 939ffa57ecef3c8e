"""The institute's «Качество образования» screen (issue 14, what the region sees).

Everything here reads the quality roll-ups in the public schema (``rollups.Quality*``,
``MunicipalityYearRollup.quality_*``), written by ``tenants.quality.rollup`` in the transaction
of every municipal change: never a query into a municipality's schema on a request.
"""
