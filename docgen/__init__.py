"""docgen: printable, personalised patient documents for spine and pain procedures."""

__version__ = "0.1.0"

__all__ = ["__version__"]
