"""The URL × role matrix's second half: every other URL pattern, from the second (see
:func:`tests.security.test_matrix.matrix_walk`)."""

from __future__ import annotations

from tests.security.test_matrix import HALVES, matrix_walk
from tests.security.world import World


def test_every_url_in_the_second_half_answers_every_role_as_the_policy_says(world: World, db, capsys):
    assert HALVES == 2
    matrix_walk(world, capsys, 1)
