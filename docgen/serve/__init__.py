"""``docgen serve``: the discharge desk's web form (optional extra ``docgen-spine[serve]``; docs/serve.md)."""
