"""LaTeX in titles and abstracts becomes Unicode; plain dollars, percents and URLs survive."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinggroup.text.latex import has_latex_markup, latex_to_unicode

# Snippets as arXiv serves them: the shipped 2021-10 papers (ids given) and well-known papers.
REAL = [
    # 2109.00301
    (r"$\infty$-former: Infinite Memory Transformer", "∞-former: Infinite Memory Transformer"),
    (
        r"the $\infty$-former's attention complexity becomes independent",
        "the ∞-former's attention complexity becomes independent",
    ),
    # 2106.10860
    (
        r"it often runs $100\times$ faster than exact matrix products and $10\times$ faster",
        "it often runs 100× faster than exact matrix products and 10× faster",
    ),
    (
        r"byte shuffling$-$the core operations of our method$-$could be",
        "byte shuffling-the core operations of our method-could be",
    ),
    # 2106.15590
    (
        r"connects to a societal need (15\%) and far fewer discuss negative potential (1\%).",
        "connects to a societal need (15%) and far fewer discuss negative potential (1%).",
    ),
    # 2108.10470
    (
        r"We host the results and videos at \url{https://sites.google.com/view/isaacgym-nvidia}"
        r" and isaac gym can be downloaded at \url{https://developer.nvidia.com/isaac-gym}.",
        "We host the results and videos at https://sites.google.com/view/isaacgym-nvidia"
        " and isaac gym can be downloaded at https://developer.nvidia.com/isaac-gym.",
    ),
    # 2109.03810
    (
        r"difficulty are empirically analysed in ~\cite{xiao2021early}, and the authors",
        "difficulty are empirically analysed in [xiao2021early], and the authors",
    ),
    (
        r"the issue lies with the \textit{patchify-stem} of ViT models",
        "the issue lies with the patchify-stem of ViT models",
    ),
    (
        r"the scaled ReLU operation in the \textit{convolutional stem} (\textit{conv-stem})",
        "the scaled ReLU operation in the convolutional stem (conv-stem)",
    ),
    # Linformer, 2006.04768
    (
        r"reduces the overall self-attention complexity from $O(n^2)$ to $O(n)$ in both time",
        "reduces the overall self-attention complexity from O(n²) to O(n) in both time",
    ),
    # Transformers are RNNs, 2006.16236
    (
        r"reduces the complexity from $\mathcal{O}\left(N^2\right)$ to $\mathcal{O}\left(N\right)$",
        "reduces the complexity from 𝒪(N²) to 𝒪(N)",
    ),
    # Reformer, 2001.04451
    (
        r"changing its complexity from O($L^2$) to O($L\log L$), where $L$ is the length",
        "changing its complexity from O(L²) to O(L log L), where L is the length",
    ),
    # 1804.03599
    (r"Understanding disentangling in $\beta$-VAE", "Understanding disentangling in β-VAE"),
    # kNN-LM, 1911.00172
    (
        r"We introduce $k$NN-LMs, which extend a pre-trained neural language model",
        "We introduce kNN-LMs, which extend a pre-trained neural language model",
    ),
    (
        r"interpolating it with a $k$-nearest neighbors ($k$NN) model",
        "interpolating it with a k-nearest neighbors (kNN) model",
    ),
    # pi0, 2410.24164
    (
        r"$\pi_0$: A Vision-Language-Action Flow Model for General Robot Control",
        "π₀: A Vision-Language-Action Flow Model for General Robot Control",
    ),
    # Tensor Programs V, 2203.03466
    (r"the Maximal Update Parametrization ($\mu$P)", "the Maximal Update Parametrization (μP)"),
    # Diffusion Schrödinger Bridge, 2106.01357
    (
        r"Diffusion Schr\"odinger Bridge with Applications to Score-Based Generative Modeling",
        "Diffusion Schrödinger Bridge with Applications to Score-Based Generative Modeling",
    ),
    # InfiniteBench, 2402.13718
    (
        r"$\infty$Bench: Extending Long Context Evaluation Beyond 100K Tokens",
        "∞Bench: Extending Long Context Evaluation Beyond 100K Tokens",
    ),
    (r"\emph{Panoptic} SegFormer", "Panoptic SegFormer"),
    (r"a learning rate of $10^{-3}$ and weight decay", "a learning rate of 10⁻³ and weight decay"),
    (r"an $\ell_1$ penalty on $\mathbf{W}^{(l)}$", "an ℓ₁ penalty on 𝐖⁽ˡ⁾"),
]

# Made up, for what must survive: prices, shell variables, URLs with LaTeX specials.
PLAIN = [
    ("costs $5 and $10 a month", "costs $5 and $10 a month"),
    (r"costs $5-$10 per run on $\infty$-former", "costs $5-$10 per run on ∞-former"),
    (r"set `$HOME` before $\alpha$ runs", "set `$HOME` before α runs"),
    (r"the code is at https://x.org/~me/a_b%20c with \emph{demo}", None),
    (r"76.8% top-1 accuracy with \emph{9M} parameters and 15% of the cost", None),
    (r"A & B # C, with \textbf{bold}", "A & B # C, with bold"),
    (r"\href{https://github.com/a/b_c}{code}", "code (https://github.com/a/b_c)"),
    (r"$$E = mc^2$$ holds", "E = mc² holds"),
    ("価格は$5です", "価格は$5です"),
    ("Panoptic SegFormer: Delving Deeper", "Panoptic SegFormer: Delving Deeper"),
]


@pytest.mark.parametrize(("latex", "expected"), REAL)
def test_real_snippets(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected
    assert not has_latex_markup(expected)


@pytest.mark.parametrize(("latex", "expected"), PLAIN)
def test_plain_dollars_percents_and_urls_survive(latex: str, expected: str | None) -> None:
    assert latex_to_unicode(latex) == (expected if expected is not None else _unwrapped(latex))


def _unwrapped(latex: str) -> str:
    return latex.replace(r"\emph{", "").replace("}", "")


def test_line_wrapping_of_arxiv_abstracts_becomes_spaces() -> None:
    wrapped = "Multiplying matrices is among the\n  most fundamental $100\\times$\noperations."
    assert (
        latex_to_unicode(wrapped)
        == "Multiplying matrices is among the most fundamental 100× operations."
    )


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (r"see \href{x}", "see x"),
        (r"an \emph{unclosed group", "an unclosed group"),
        ("a }b{", "a b"),
    ],
)
def test_broken_latex_still_gives_text(broken: str, expected: str) -> None:
    assert latex_to_unicode(broken) == expected


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        (r"∞-former \infty", True),
        ("price $5 and $x^2$", True),
        ("{braces}", True),
        ("costs $5 and $10", False),
        ("∞-former", False),
    ],
)
def test_has_latex_markup(text: str, marked: bool) -> None:
    assert has_latex_markup(text) is marked


_PLAIN_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="$\\{}", blacklist_categories=("Cs",))
)


@given(_PLAIN_TEXT)
def test_text_without_markup_is_returned_unchanged(text: str) -> None:
    assert latex_to_unicode(text) == text


@given(
    st.text(alphabet=st.sampled_from(list("ab $\\{}^_%&~#0-\n")))
    | st.text().filter(lambda text: "\ue000" not in text and "\ue001" not in text)
)
def test_any_text_converts_without_error_or_leftover_private_characters(text: str) -> None:
    result = latex_to_unicode(text)
    assert "\ue000" not in result
    assert "\ue001" not in result


# Word by word where the words allow it; these cross words, eat spaces or take arguments.
ACROSS_WORDS = [
    r"\alpha beta and \alpha{} beta",
    r"\emph{two words} here, \textit {spaced} argument, \textit x y",
    r"caf\'e and na\"ive, \' e, \= o, a\ b",
    r"{\bf bold words} then \cite[p. 3]{key} and $a + b = c$ done",
    r"an \( inline \) and \[ display \] formula",
    r"\begin{itemize} \item one \end{itemize} after",
    "a -- b --- c `` quoted '' d~e",
    r"unclosed } brace { here",
]


@pytest.mark.parametrize("latex", [*ACROSS_WORDS, *(latex for latex, _ in REAL + PLAIN)])
def test_word_by_word_gives_what_the_whole_text_gives(
    latex: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinggroup.text import latex as module

    by_words = latex_to_unicode(latex)
    latex_to_unicode.cache_clear()
    monkeypatch.setattr(module, "_words_to_text", module._to_text)
    assert latex_to_unicode(latex) == by_words
    latex_to_unicode.cache_clear()
