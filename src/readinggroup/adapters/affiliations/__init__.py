"""Where the authors of a paper work: one module per source, asked in order by ``chain``.

arXiv's HTML page (``html_page``), OpenAlex (``openalex``), Semantic Scholar's paper batch
(``s2_batch``) and the PDF's first page (``pdf_page``); arXiv's own affiliation field is read
by the chain itself. ``arxiv_pages`` fetches arXiv's pages politely, ``author_block`` reads an
author block's lines, ``base`` holds what every source answers.
"""
