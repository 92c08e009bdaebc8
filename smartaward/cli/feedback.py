"""`smartaward feedback`: (being written)."""
