"""`python -m app.cli`: the `pulse` console script without installing it."""

from app.cli import main

main()
