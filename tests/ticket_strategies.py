"""Hypothesis strategies for decoded tickets, valid and invalid, near every boundary the contract draws.

Shared by the property tests that compare a fast ticket path with the slow one it
stands for (the compiled contract check against jsonschema, the one-pass preparer
against ``prepare_ticket``): both need the same ticket shapes, so there is one
definition of them.
"""

from __future__ import annotations

from hypothesis import strategies as st

from sevtriage.contract import readable_fields

FIELDS = ["id", "created_at", "declared_severity", "technology", "environment", "server_role",
          "request_type", "phase", "contact_available", "subject", "description", "language",
          "symptoms", "unknown", "symptom"]
FLAGS = [path.split(".", 1)[1] for path in readable_fields() if path.startswith("symptoms.")] + ["data_los"]

# Values near every boundary the schema draws: types, enum members and near misses, ranges,
# technology aliases, date-times.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 7), st.sampled_from([1.0, 2.0, 4.0, 2.5, -0.0, 1e300]),
    st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
    st.sampled_from(["", "production", "staging", "Production", "primary", "secondary", "question",
                     "implementation", "operation", "minor", "severe", "normal", "true",
                     "MS SQL", " .NET ", "dotnet", "sqlserver",
                     "2026-03-02T09:15:00+01:00", "2026-03-02T09:15:00Z", "2026-03-02T09:15:00.123456789z",
                     "2026-03-02T09:15:00-00:00", "2026-03-02 09:15:00+01:00", "2026-02-30T09:15:00Z",
                     "2026-03-02T09:15:00", "2026-03-02T24:00:00Z", "2026-03-02T09:15:00+25:00"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(FLAGS), inner, max_size=4), max_leaves=6)
tickets = st.one_of(
    values,
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8),
    st.fixed_dictionaries({"id": st.text(max_size=4)}, optional={name: values for name in FIELDS[1:]}),
    st.fixed_dictionaries({"id": st.just("T"), "symptoms": st.dictionaries(st.sampled_from(FLAGS), scalars)},
                          optional={name: scalars for name in FIELDS[1:12]}),
)
