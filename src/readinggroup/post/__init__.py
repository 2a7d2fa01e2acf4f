"""Beyond the deck: the month as a Markdown post and the year in review, written from the
deck's slide plan (no python-pptx here; the review deck goes through ``render/``)."""
