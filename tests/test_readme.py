"""The README's Python examples run as written (documented examples are tested)."""

from __future__ import annotations

import re
import subprocess
import sys

from isac.workspace import ROOT


def test_readme_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert blocks
    for code in blocks:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        assert out.startswith("optimal "), out
