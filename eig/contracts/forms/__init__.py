"""Forms of the offers' and the contracts' pages, one module per noun."""
