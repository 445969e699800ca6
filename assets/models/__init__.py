"""models (framework-free: never imports flask or museum)."""
