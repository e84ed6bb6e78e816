"""What the input means: the visit, a procedure's metadata, the clinic's settings (pydantic models)."""
