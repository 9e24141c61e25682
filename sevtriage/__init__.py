"""sevtriage: suggest the initial severity of support tickets from a YAML policy.

The policy is data (``rules/*.yaml``, validated by a JSON Schema); the engine
compiles it to a durable_rules ruleset and classifies tickets of contract v1.
"""

__version__ = "0.1.0"
