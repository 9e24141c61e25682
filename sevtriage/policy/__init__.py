"""The policy: YAML with positions, its schema, the model, the loader and its load checks,
and the git:REV:PATH reader."""
