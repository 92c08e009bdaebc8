"""`smartaward diff`: (being written)."""
