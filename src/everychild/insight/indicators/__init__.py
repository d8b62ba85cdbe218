"""The key indicators, each with its written definition, computed with DuckDB."""
