"""`smartaward status`: (being written)."""
