"""python -m extractor: the same as the meetup-kg command."""

from .cli import main

if __name__ == "__main__":
    main()
