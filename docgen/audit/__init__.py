"""The audit log: one record per printed document, in SQLite (default) or PostgreSQL.

See :mod:`docgen.audit.store` (the database), :mod:`docgen.audit.records` (what a record holds),
:mod:`docgen.audit.snapshot` (the exact template set, stored once by its hash),
:mod:`docgen.audit.printing` (render, write and record as one completion) and
:mod:`docgen.audit.reprint`.
"""
