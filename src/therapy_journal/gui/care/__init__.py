"""Help that is always one step away: the "Get help now" window."""
