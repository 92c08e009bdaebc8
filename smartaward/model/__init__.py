"""The model of the cycle files: pydantic models (cyclefiles), country codes, their JSON Schemas."""
