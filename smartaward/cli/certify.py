"""`smartaward certify`: (being written)."""
