"""``docgen serve``: the discharge desk's web form (optional extra ``docgen[serve]``; docs/serve.md)."""
