"""The paper's own names (固有名): what the title or abstract coins, and the names it uses.

Candidates, most certain first: the title's head ("ConvMLP: …"), naming phrases ("called
Primer", "we propose 3DETR", "a library PyGCL"), acronyms defined by their expansion ("Graph
Contrastive Learning (GCL)"), the code URL's repository name where the abstract uses it, then
coined words (SegFormer, GPT-3, ScanNetV2). Field terms (GAN, ViT, Transformer, BERT …) are
never a paper's own name unless its title coins them. Every candidate is protected in
translation; the 固有名 line takes the first few.
"""

from __future__ import annotations

import re
from collections import Counter

from readinggroup.models import Paper
from readinggroup.text.readable import readable, readable_line

MAX_NAMES = 4
_WORD = r"[A-Za-z0-9∞🤗][\w∞\-\.+/]*"
_NAME_TOKEN = r"(?:[A-Z0-9∞🤗][\w∞\-\.+/]*|[a-z]+[A-Z][\w\-]*)"  # capitalised or camelCase
# "… a new architecture called Primer", "dubbed X", "termed X", "which we call FLAN"
_CALLED = re.compile(
    rf"\b(?:we\s+call|called|named|dubbed|termed|coined|code-?named)\s+"
    rf"({_WORD}(?:\s+[A-Z0-9]{_WORD})?)"
)
# "we propose ConvMLP", "We present Panoptic SegFormer" — only distinctive tokens count
_PROPOSE = re.compile(
    rf"\b[Ww]e\s+(?:propose|introduce|present|release|develop|build|design)\s+"
    rf"(?:a\s+|an\s+|the\s+|here\s+)?((?:{_WORD}\s+)?{_WORD})"
)
# "an easy-to-use library PyGCL", "the benchmark BIG-bench", "the ScanNetV2 dataset"
_KIND = r"(?:library|toolkit|toolbox|benchmark|dataset|corpus|framework|platform|package|suite)"
_KIND_BEFORE = re.compile(rf"\b{_KIND}\s+(?:called\s+|named\s+)?({_NAME_TOKEN})")
_KIND_AFTER = re.compile(rf"\b({_NAME_TOKEN})\s+{_KIND}\b")
# a short form in parentheses right after the words it abbreviates
_SHORT_FORM = re.compile(r"((?:[\w\-]+\s+){1,6})\(([A-Za-z][\w\-]{1,15}?)s?\)")
_REPOSITORY = re.compile(r"github\.com/[\w.\-]+/([\w.\-]+)", re.IGNORECASE)
_TOKEN = re.compile(r"(?<![\w\-/])([A-Za-z0-9][\w\-/]*[\w])(?:'s)?(?![\w\-])")
# the words of the field: never a paper's own name unless its title coins them
FIELD_TERMS = frozenset(
    term.casefold()
    for term in (
        *("AI", "ML", "DL", "RL", "NLP", "CV", "LLM", "LM", "VLM", "MLLM", "GAN", "VAE", "CNN"),
        *("RNN", "LSTM", "GRU", "GNN", "GCN", "MLP", "ViT", "DNN", "NN", "SCM", "BERT", "GPT"),
        *("Transformer", "Transformers", "ReLU", "GELU", "SGD", "Adam", "API", "CPU", "GPU"),
        *("TPU", "SOTA", "QA", "VQA", "PQ", "FID", "IoU", "mAP", "AP", "BLEU", "ROUGE", "FLOPs"),
        *("MACs", "MAC", "2D", "3D", "4D", "RGB", "RGB-D", "HD", "Full-HD", "LiDAR", "URL", "PDF"),
        *("ID", "OOD", "IID", "KL", "MSE", "F1", "PCA", "ICA", "SVD", "SVM", "KNN", "HBM", "SRAM"),
        *("MoE", "RLHF", "SSL", "OCR", "ASL", "NLI"),
    )
)


def _is_distinctive(name: str) -> bool:
    """Whether *name* looks like a coined name (SegFormer, GPT-3, ∞-former) not a plain word."""
    return any(
        re.search(r"[a-z][A-Z]|[A-Z]{2}|\d|∞|🤗", token) or token[:1] in "∞🤗"
        for token in name.split()
    )


def _is_coined_word(token: str) -> bool:
    """SegFormer, PyGCL, GPT-3, 3DETR, ScanNetV2, C4 — not 137B, 2.4G, Full-HD or plain caps."""
    if re.fullmatch(r"[\d.,/]+[A-Za-z]{0,2}", token) or not re.search(r"[A-Z]", token):
        return False  # a quantity (500M, 4X, 1k) or a plain word
    return bool(re.search(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Z]{2}|[A-Z]{3}", token))


def is_field_term(name: str) -> bool:
    """Whether *name* is a word of the field (GAN, ViTs, Transformer) rather than a name."""
    folded = re.sub(r"-[a-z]+$", "", name).casefold()  # GAN-generated, MLP-based
    return folded in FIELD_TERMS or (folded.endswith("s") and folded[:-1] in FIELD_TERMS)


def title_head_name(title: str) -> str | None:
    """The name before the title's colon ("ConvMLP: …" → ConvMLP), if it reads as a name."""
    return _head_name(readable_line(title))


def _head_name(title_line: str) -> str | None:
    head, colon, _ = title_line.partition(":")
    head = head.strip()
    if not colon or not head:
        return None
    words = head.split()
    if len(words) <= 2 or (len(words) <= 4 and all(w[:1].isupper() for w in words)):
        return head if len(words) <= 2 or _is_distinctive(head) else None
    # "Proceedings of Workshop AEW10" → AEW10: a coined word inside a longer head
    coined = [word for word in words if _is_coined_word(word)]
    return coined[0] if len(coined) == 1 else None


def _abbreviates(words: str, short: str) -> bool:
    """Whether *short* abbreviates the last words of *words* (initials, or word prefixes)."""
    letters = [part for part in re.split(r"[\-\s]+", short) if part]
    tail = re.findall(r"[A-Za-z]+", words)
    if len(letters) > 1:  # conv-stem ← convolutional stem
        pieces = tail[-len(letters) :]
        return len(pieces) == len(letters) and all(
            w.casefold().startswith(p.casefold()) for w, p in zip(pieces, letters, strict=True)
        )
    initials = [c for c in short if c.isupper() or c.isdigit()]
    if len(initials) < 2:
        return False
    pieces = tail[-len(initials) :]
    return len(pieces) == len(initials) and all(
        w[0].casefold() == i.casefold() for w, i in zip(pieces, initials, strict=True)
    )


def _repository_names(abstract: str) -> list[str]:
    """The code URL's repository name as the abstract writes it ("datasets" → Datasets)."""
    found = []
    for repository in _REPOSITORY.findall(abstract):
        repository = repository.rstrip(".").removesuffix(".git")
        words = repository.replace("-", " ").replace("_", " ")
        uses = re.finditer(rf"(?<![\w\-]){re.escape(words)}(?![\w\-])", abstract, re.IGNORECASE)
        # "Datasets is a community library", not "NLP datasets"
        named = [use.group(0) for use in uses if use.group(0)[0].isupper()]
        if named:
            found.append(named[0])
        elif _is_coined_word(repository) and not re.search(r"[\-_.]", repository):
            # github.com/OpenAI/CLIP: the repository is the name itself
            found.append(repository)
    return found


def _coined_words(abstract: str) -> list[str]:
    """Coined words of the abstract, the most used first (ties: the earliest)."""
    body = re.sub(r"https?://\S+", "", abstract)
    # PAFs, PAF-only → PAF
    tokens = (re.sub(r"(?<=[A-Z]{2})s$|-[a-z]+$", "", token) for token in _TOKEN.findall(body))
    counts = Counter(
        token for token in tokens if _is_coined_word(token) and not is_field_term(token)
    )
    order = {token: body.find(token) for token in counts}
    ranked = sorted(counts, key=lambda token: (-counts[token], order[token]))
    # "Deformable DETR": a capitalised word inside a sentence that leads into the name
    named = []
    for token in ranked:
        lead = re.search(rf"[a-z,]\s+([A-Z][a-z]+)\s+{re.escape(token)}\b", body)
        named.append(
            f"{lead.group(1)} {token}" if lead and not is_field_term(lead.group(1)) else token
        )
    # "Coupled GANs": a field term made a name by a capitalised word inside a sentence
    for match in re.finditer(r"[a-z,]\s+([A-Z][a-z]{2,})\s+([A-Z][\w\-]*)\b", body):
        if is_field_term(match.group(2)) and not is_field_term(match.group(1)):
            named.append(f"{match.group(1)} {match.group(2)}")
    return named


def name_candidates(paper: Paper) -> list[str]:
    """Every name *paper* coins or uses, most certain first (all are protected)."""
    text = readable(paper)
    abstract = text.abstract_line
    head = _head_name(text.title_line)
    names = [head] if head else []
    names.extend(match.group(1) for match in _CALLED.finditer(abstract))
    for match in _PROPOSE.finditer(abstract):
        candidate = match.group(1).rstrip(".,:;")
        if _is_distinctive(candidate):
            first, *rest = candidate.split()
            names.append(candidate if _is_distinctive(first) or not rest else rest[-1])
    names.extend(match.group(1) for match in _KIND_BEFORE.finditer(abstract))
    names.extend(
        match.group(2)
        for match in _SHORT_FORM.finditer(abstract)
        if _abbreviates(match.group(1), match.group(2))
    )
    names.extend(_repository_names(abstract))
    names.extend(
        match.group(1)
        for match in _KIND_AFTER.finditer(abstract)
        if _is_distinctive(match.group(1))
    )
    names.extend(_coined_words(abstract))
    cleaned = (name.strip().rstrip(".,:;").removesuffix("'s") for name in names)
    unique = [
        name
        for name in dict.fromkeys(cleaned)
        if name and not (is_field_term(name) and name != text.title_line.partition(":")[0])
    ]
    # "SegFormer" adds nothing after "Panoptic SegFormer", nor "DETR" after "Deformable DETR"
    return [name for name in unique if not any(_inside(name, other) for other in unique)]


def _inside(name: str, other: str) -> bool:
    """Whether *name* is a word group of the longer *other* (not ConvMLP of ConvMLP-S)."""
    return name != other and bool(re.search(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", other))


def find_names(paper: Paper) -> list[str]:
    """The names for the 固有名 line of *paper*, most certain first (at most MAX_NAMES)."""
    return name_candidates(paper)[:MAX_NAMES]


def draft_names(paper: Paper) -> str:
    """The 固有名 line: the names joined with "、"."""
    return "、".join(find_names(paper))
