"""The services' API keys: read from the environment once per run, never from a file, never
written, logged or shown (their repr hides them)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEEPL_KEY = "DEEPL_AUTH_KEY"
S2_KEY = "S2_API_KEY"
LLM_KEY = "READINGGROUP_LLM_API_KEY"


@dataclass(frozen=True, slots=True)
class ApiKeys:
    """The keys a run hands to its adapters; an empty string is a key not set."""

    deepl: str = field(default="", repr=False)
    s2: str = field(default="", repr=False)
    llm: str = field(default="", repr=False)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ApiKeys:
        """The keys set in *environ* (DeepL's and the LLM's without surrounding blanks)."""
        return cls(
            deepl=environ.get(DEEPL_KEY, "").strip(),
            s2=environ.get(S2_KEY, ""),
            llm=environ.get(LLM_KEY, "").strip(),
        )
