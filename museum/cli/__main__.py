"""``python -m museum.cli`` runs the ``museum`` command."""

from museum.cli import main

main()
