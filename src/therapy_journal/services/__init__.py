"""Use cases over the store, one module per area. Plain Python: no Qt here."""
