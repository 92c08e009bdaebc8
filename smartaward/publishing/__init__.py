"""Publishing: results as plain data and documents — export, explain, compare, jury, stats."""
