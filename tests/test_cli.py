"""``python -m isac``: the verify command lists unreadable result files and deletes them."""

from __future__ import annotations

import numpy as np

from isac import io
from isac.cli import main
from isac.workspace import copy_project


def test_verify_lists_then_deletes_corrupt_results(tmp_path, capsys):
    work = copy_project(tmp_path / "p")
    good = work / "results" / "ci" / "kld_isac" / "summary" / "fig1.parquet"
    io.write_table(good, {"a": np.arange(2)})
    bad = good.with_name("fig2.parquet")
    bad.write_bytes(good.read_bytes()[:10])
    args = ["--root", str(work), "--scale", "ci", "verify"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert str(bad) in out and str(good) not in out and "1 problem(s)" in out
    assert main([*args, "--delete"]) == 0
    assert not bad.exists() and good.exists()
    assert main(args) == 0


def test_every_help_example_parses():
    """The examples of ``python -m isac --help`` are valid command lines (options before the
    stage)."""
    import shlex

    import isac.cli as cli
    lines = [ln.strip() for ln in cli.__doc__.splitlines() if ln.strip().startswith("python -m")]
    assert len(lines) >= 8
    for line in lines:
        argv = shlex.split(line.split("#")[0].replace("[--delete]", "--delete"))[3:]
        args = cli._parser().parse_args(argv)
        assert args.scale in ("ci", "paper"), line
