"""The Check-ins area: PHQ-9, GAD-7 and WHO-5."""
