"""Where the authors of a paper work: one module per source, asked in order by ``chain``.

arXiv's own affiliation field, arXiv's HTML page (``html_page``), OpenAlex (``openalex``),
Semantic Scholar's paper batch (``s2_batch``) and the PDF's first page (``pdf_page``).
"""
