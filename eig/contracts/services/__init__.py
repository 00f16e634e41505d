"""Use cases of the offers, the contracts and the pay, one module per noun."""
