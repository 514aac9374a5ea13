"""`python -m sitthi` / `sitthi`: the one command-line entry point (Django management commands)."""

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitthi.settings")
    from django.core.management import execute_from_command_line

    from sitthi.core.production import SettingsRefused, settings_from

    try:  # refuse at once, in one clear line, an environment production cannot run with
        settings_from(os.environ, Path("var"))
    except SettingsRefused as refused:
        sys.exit(f"sitthi: refusing to start: {refused}")

    argv = list(sys.argv if argv is None else argv)
    # `sitthi demo-data` reads better than `sitthi demo_data`: accept dashes in command names.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
