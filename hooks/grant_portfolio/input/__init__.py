"""Reading the files: YAML with the line of every key, the application files, the scheme, and the one schema with its other faces (JSON Schema, field reference, template)."""
