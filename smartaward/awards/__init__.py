"""Awards: allocation down the rankings, pending results, and the whole computation (results)."""
