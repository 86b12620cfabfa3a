"""`python -m handan_kg` runs the same CLI as the `handan-kg` console script."""

from handan_kg.cli import main

raise SystemExit(main())
