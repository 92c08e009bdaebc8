"""Reading a cycle folder: finding its files, safe YAML and CSV with positions, the cache, parallel parsing, load."""
