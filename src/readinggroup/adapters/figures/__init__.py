"""A paper's key figure, from the cheapest place that has one (``finder``).

arXiv's HTML page (``html_figures``: LaTeXML's figures, papers from December 2023 on), the
e-print source (``eprint`` unpacks it, ``latex_figures`` reads its ``\\includegraphics``), the
PDF's largest embedded picture (``images``, which also turns every kind of figure file into a
PNG or JPEG the deck can show). Pages come through the run's one ``ArxivPages``, so arXiv's
politeness delay and the HTML page 著者所属 reads are shared.
"""
