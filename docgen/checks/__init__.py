"""The templates check: every procedure × document × language, linted before a patient reads it."""
