"""The Profile area: what the person wants in a therapist."""
