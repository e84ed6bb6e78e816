"""The words: templates, i18n, formatting, Markdown and each drawn part's words, composed per document."""
