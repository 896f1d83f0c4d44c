"""The Quarto renderer: `quarto render` of the generated book project.

Used when `quarto` (>= 1.9.18) is on PATH. Quarto renders html, typst and docx from
the same chapters the built-in renderer reads; it executes nothing (no code
cells, `execute: enabled: false`, `--no-execute`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import RenderError

QUARTO_TIMEOUT = 1800  # seconds


def quarto_path() -> str | None:
    return shutil.which("quarto")


def quarto_version() -> str:
    exe = quarto_path()
    if not exe:
        return ""
    return subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()


def render_quarto(project_dir: Path, out: Path, pdf_name: str, docx_name: str) -> None:
    exe = quarto_path()
    if exe is None:
        raise RenderError("quarto is not on PATH; use the built-in renderer (--renderer builtin).")
    book = project_dir / "_book"
    shutil.rmtree(book, ignore_errors=True)
    proc = subprocess.run([exe, "render", str(project_dir), "--no-execute"], capture_output=True, text=True,
                          timeout=QUARTO_TIMEOUT, cwd=project_dir)
    if proc.returncode != 0:
        raise RenderError(f"quarto render failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    if not (book / "index.html").is_file():
        raise RenderError(f"quarto render wrote no {book / 'index.html'}.")
    shutil.copytree(book, out, dirs_exist_ok=True)
    for suffix, name in ((".pdf", pdf_name), (".docx", docx_name)):
        produced = sorted(out.glob(f"*{suffix}"))
        if not produced:
            raise RenderError(f"quarto render wrote no {suffix[1:].upper()} in {book}.")
        if produced[0].name != name:
            produced[0].rename(out / name)
