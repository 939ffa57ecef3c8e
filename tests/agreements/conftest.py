from tests.institute.conftest import (  # noqa: F401  (fixtures shared with the workspace's tests)
    agreement_fields,
    committee_user,
    eager_tasks,
    head_a,
    institute_user,
    person,
)
