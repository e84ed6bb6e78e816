"""Where the settings file is: --config, DOCGEN_CONFIG, ./docgen.toml, the user's and the system's
config folders, in that order (README, "Where docgen looks for docgen.toml")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import ConfigError

SETTINGS_FILE = "docgen.toml"
ENV_VAR = "DOCGEN_CONFIG"


@dataclass(frozen=True)
class Located:
    """The settings file in force (None: the example clinic), how it was found, and what was looked at."""

    path: Path | None
    how: str
    searched: list[tuple[str, Path]]


def search_path(cwd: Path | None = None) -> list[tuple[str, Path]]:
    """The files looked for when neither --config nor DOCGEN_CONFIG names one, in order."""
    import platformdirs

    # appauthor=False: %LOCALAPPDATA%\docgen on Windows, not docgen\docgen (as the audit log's folder).
    user = platformdirs.user_config_path("docgen", appauthor=False)
    places = [("the current folder", (cwd or Path.cwd()) / SETTINGS_FILE)]
    places.append(("the user's config folder", user / SETTINGS_FILE))
    # multipath: every folder of XDG_CONFIG_DIRS on Linux, in its order (macOS: Homebrew's first).
    system = platformdirs.site_config_dir("docgen", appauthor=False, multipath=True)
    for folder in system.split(os.pathsep):
        if folder:
            places.append(("the system config folder", Path(folder) / SETTINGS_FILE))
    return places


def locate(config: Path | None = None, *, cwd: Path | None = None) -> Located:
    """The settings file to read: ``config`` (--config), else DOCGEN_CONFIG, else the first of
    :func:`search_path` that exists. A named file that does not exist is an error, never a silent
    fallback to the example clinic."""
    if config is not None:
        if not config.exists():
            raise ConfigError(f"settings file {config.name} does not exist; check the --config path")
        return Located(config, "--config", [])
    named = os.environ.get(ENV_VAR, "")
    if named:
        path = Path(named)
        if not path.exists():
            raise ConfigError(
                f"settings file {path.name} named by {ENV_VAR} does not exist; fix {ENV_VAR} or unset it"
            )
        return Located(path, ENV_VAR, [])
    places = search_path(cwd)
    for how, path in places:
        if path.is_file():
            return Located(path, how, places)
    return Located(None, "", places)
