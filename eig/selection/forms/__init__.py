"""Forms of the selection, one module per part: review, interviews, matching."""
