"""Selection services, one module per part of the selection."""
