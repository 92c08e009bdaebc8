"""The command line: parse options, call the core API, render through the output registry, exit codes."""
