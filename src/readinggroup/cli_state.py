"""What every command gets from the group: the folder, its config with the options' overrides,
and the services (built on first use, or the ones a test passed in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `--help` imports none of these: commands import them when they run
    from pathlib import Path

    from readinggroup.config import Config
    from readinggroup.services import Services
    from readinggroup.workspace import Workspace


class CliState:
    def __init__(self, root: Path, services: Services | None, quiet: bool) -> None:
        self.root = root
        self._services = services
        self.quiet = quiet

    @property
    def workspace(self) -> Workspace:
        from readinggroup.workspace import Workspace

        return Workspace(self.root)

    def config(self, **overrides: Any) -> Config:
        from readinggroup.config_file import load_config

        return load_config(self.root).with_overrides(**overrides)

    @property
    def services(self) -> Services:
        if self._services is None:
            from readinggroup.services import real_services

            self._services = real_services()
        return self._services
