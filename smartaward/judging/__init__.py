"""Judging: who counts (panel), normalisation, aggregation, rounds, scores and rankings."""
