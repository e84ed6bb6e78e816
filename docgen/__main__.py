"""Allow ``python -m docgen``."""

from docgen._entry import main

main()
