"""Tickets: opening inputs, splitting records, decoding, the contract check, the record type and error records."""
