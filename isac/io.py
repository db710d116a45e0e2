"""Parquet intermediates: deterministic writes, atomic renames, complex tensors.

Complex arrays are stored as real float64 tensors with a trailing (re, im) axis, one flattened
list cell per row, and their per-row shape in the Arrow field metadata (docs/architecture.md,
"Data flow").
"""

from __future__ import annotations

import importlib.abc
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is asked for (see hide_pandas)
    import pandas as pd

Columns = Mapping[str, np.ndarray]

_WRITE_OPTIONS = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                  "write_statistics": False, "store_schema": True}
_META_KEY = b"isac"


class _PandasHidden(importlib.abc.MetaPathFinder):
    """Makes ``import pandas`` fail, as on an installation without pandas."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"pandas is hidden in this job ({name!r})", name=name)


def hide_pandas() -> None:
    """Let pyarrow take its pandas-free path in this process.

    The channels, solve and evaluate stages work on NumPy columns (:func:`read_columns`), but
    pyarrow imports pandas, when installed, just to check whether its inputs are pandas objects:
    0.3 s of a job that otherwise takes 0.5 s. Call before the first Parquet read or write.
    """
    if not any(isinstance(f, _PandasHidden) for f in sys.meta_path):
        sys.meta_path.insert(0, _PandasHidden())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_path(path: str | os.PathLike) -> tuple[Path, Path]:
    """A temporary sibling of ``path`` for write-then-rename, with the permissions a plain
    ``open`` would give (0666 less the umask; ``mkstemp`` alone would leave 0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    return path, Path(tmp)


def write_atomic_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path, tmp = atomic_path(path)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: str | os.PathLike, obj: Any) -> None:
    """Atomic, key-sorted JSON."""
    write_atomic_bytes(path, (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode())


def tensor_column(values: np.ndarray) -> tuple[pa.Array, dict[str, Any]]:
    """Arrow column of per-row tensors from an array of shape (rows, *shape)."""
    values = np.asarray(values)
    is_complex = np.iscomplexobj(values)
    real = np.stack([values.real, values.imag], axis=-1) if is_complex else values
    real = np.ascontiguousarray(real, dtype=np.float64)
    rows = real.shape[0]
    flat = pa.array(real.reshape(-1))
    width = int(np.prod(real.shape[1:], dtype=np.int64))
    column = pa.FixedSizeListArray.from_arrays(flat, width) if rows else pa.array(
        [], type=pa.list_(pa.float64(), width))
    return column, {"shape": list(values.shape[1:]), "complex": bool(is_complex)}


def write_table(path: str | os.PathLike, frame: pd.DataFrame | Columns,
                tensors: dict[str, np.ndarray] | None = None,
                meta: dict[str, Any] | None = None) -> None:
    """Write ``frame`` (a DataFrame or a mapping name → 1-D array) plus tensor columns to
    Parquet atomically and deterministically."""
    if isinstance(frame, Mapping):
        table = pa.table({name: np.asarray(col) for name, col in frame.items()})
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    tensor_meta = {}
    for name, values in (tensors or {}).items():
        column, info = tensor_column(values)
        table = table.append_column(name, column)
        tensor_meta[name] = info
    payload = {"tensors": tensor_meta, "meta": meta or {}}
    schema_meta = dict(table.schema.metadata or {})
    schema_meta.pop(b"pandas", None)
    schema_meta[_META_KEY] = json.dumps(payload, sort_keys=True).encode()
    table = table.replace_schema_metadata(schema_meta)
    path, tmp = atomic_path(path)
    try:
        pq.write_table(table, tmp, **_WRITE_OPTIONS)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class CorruptFileError(OSError):
    """A result file that cannot be read (truncated, empty or not written by this package);
    the message names the file."""


def _payload(path: str | os.PathLike, metadata: dict[bytes, bytes] | None) -> dict[str, Any]:
    if not metadata or _META_KEY not in metadata:
        raise CorruptFileError(f"{path}: not an isac table (no {_META_KEY.decode()} metadata); "
                               "delete it and rerun")
    return json.loads(metadata[_META_KEY])


def read_meta(path: str | os.PathLike) -> dict[str, Any]:
    """The ``meta`` dictionary stored by :func:`write_table`."""
    try:
        metadata = pq.read_schema(path).metadata
    except (pa.ArrowInvalid, OSError) as err:
        raise CorruptFileError(f"{path}: cannot read the Parquet footer ({err}); delete it "
                               "and rerun") from None
    return _payload(path, metadata).get("meta", {})


def _read(path: str | os.PathLike) -> tuple[pa.Table, dict[str, np.ndarray]]:
    """Scalar columns as an Arrow table and the decoded tensors of one file."""
    try:
        with pq.ParquetFile(path) as file:  # pq.read_table would import pyarrow.dataset
            table = file.read()
    except (pa.ArrowInvalid, OSError) as err:
        raise CorruptFileError(f"{path}: cannot read ({err}); delete it and rerun") from None
    info = _payload(path, table.schema.metadata).get("tensors", {})
    tensors = {}
    for name, spec in info.items():
        column = table.column(name).combine_chunks()
        flat = column.values.to_numpy(zero_copy_only=False) if len(column) else np.zeros(0)
        shape = (len(column), *spec["shape"], *((2,) if spec["complex"] else ()))
        arr = flat.reshape(shape)
        tensors[name] = arr[..., 0] + 1j * arr[..., 1] if spec["complex"] else arr
        table = table.drop_columns([name])
    return table, tensors


def read_table(path: str | os.PathLike) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Read a file written by :func:`write_table`: scalar columns and decoded tensors."""
    table, tensors = _read(path)
    return table.to_pandas(), tensors


def read_columns(path: str | os.PathLike) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Like :func:`read_table`, with the scalar columns as NumPy arrays (no pandas)."""
    table, tensors = _read(path)
    return {name: col.to_numpy(zero_copy_only=False) for name, col in
            zip(table.column_names, table.columns, strict=True)}, tensors


def verify(root: str | os.PathLike) -> list[str]:
    """Every Parquet file under ``root`` that cannot be read back in full, with the reason;
    also stray ``.part`` files left by killed jobs."""
    problems = []
    for path in sorted(Path(root).rglob("*.parquet")):
        try:
            _read(path)
        except CorruptFileError as err:
            problems.append(str(err))
    problems += [f"{p}: temporary file of an interrupted write" for p in
                 sorted(Path(root).rglob(".*.part"))]
    return problems
