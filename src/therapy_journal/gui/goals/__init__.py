"""The Goals area."""
