"""Query functions, one module per aggregate; imported as namespaces, never committing."""
