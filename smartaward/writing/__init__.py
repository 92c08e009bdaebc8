"""Writing files: all-or-nothing (staging, atomic), YAML text we write, a new cycle's scaffold."""
