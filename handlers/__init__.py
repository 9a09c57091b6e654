"""One module per resource; each function is the operationId of the spec in snake_case."""
