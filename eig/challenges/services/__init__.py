"""Use cases of the défis and of their results, one module per noun."""
