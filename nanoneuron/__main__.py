"""``python -m nanoneuron``: run the original program."""

from nanoneuron.cli import main

raise SystemExit(main())
