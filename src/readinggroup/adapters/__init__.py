"""One module per outside service; only these import requests, arxiv and deep_translator."""
