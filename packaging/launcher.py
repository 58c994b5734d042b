"""Entry script of the PyInstaller bundle: exactly what ``python -m act_explorer`` runs."""

from act_explorer.cli import main

raise SystemExit(main())
