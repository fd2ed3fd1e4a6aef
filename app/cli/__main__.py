"""`python -m app.cli`: the `pulse` console script without installing it."""

from app.cli import main

if __name__ == "__main__":
    main()
