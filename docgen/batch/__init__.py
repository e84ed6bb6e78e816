"""A day's schedule: rows prepared in the main process, rendered in a pool, a manifest, a print file."""
