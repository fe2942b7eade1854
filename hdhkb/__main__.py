from __future__ import annotations

import sys

from hdhkb.cli import main

sys.exit(main())
