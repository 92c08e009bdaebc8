"""Text and Unicode: how names compare (names, TR39 look-alikes) and text that is safe to show (cells)."""
