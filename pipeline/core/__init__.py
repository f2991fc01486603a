"""What every stage shares: edits (provenance), tables (Parquet I/O), params, runner, schema."""
