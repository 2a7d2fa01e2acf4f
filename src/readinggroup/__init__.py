"""readinggroup: the monthly Japanese ML paper-reading meetup deck, from ranked arXiv lists."""

__version__ = "0.1.0"
