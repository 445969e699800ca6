"""Sample layouts shipped with the package (JSON documents in the layout format)."""
