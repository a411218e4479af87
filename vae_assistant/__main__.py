"""Allow ``python -m vae_assistant``."""

from vae_assistant.cli import main

raise SystemExit(main())
