"""Loading, validation, compilation to durable_rules, and classification."""
