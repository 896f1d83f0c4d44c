"""environment.yml (conda, for users) and pyproject.toml (pip, the build machines) agree.

Both must name the same runtime packages. Names are normalised (case, '_' vs
'-', extras: ``dask[distributed]`` = dask + distributed); python, pip and the
editable install are ignored; Quarto (conda ``quarto`` / PyPI ``quarto-cli``)
is for users only and must not be a runtime dependency of the package.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
IGNORED = {"python", "pip"}
USER_ONLY = {"quarto", "quarto-cli"}
MIN_QUARTO = Version("1.9.18")  # the first Quarto with typst books


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _expand(req: Requirement) -> dict[str, SpecifierSet]:
    """`dask[distributed]>=2024.1` -> {dask: >=2024.1, distributed: >=2024.1}."""
    out = {_norm(req.name): req.specifier}
    for extra in req.extras:
        out[_norm(extra)] = req.specifier
    return out


def _conda_requirement(spec: str) -> Requirement:
    """conda's `name>=1.2`, `name 1.2.*`, `name=1.2`, `channel::name` in pip's syntax."""
    spec = spec.split("::")[-1].strip()
    m = re.match(r"^([A-Za-z0-9_.\-\[\],]+)\s*(.*)$", spec)
    assert m, spec
    name, version = m.groups()
    version = version.strip()
    if version and version[0].isdigit():
        version = "==" + version
    elif version.startswith("=") and not version.startswith("=="):
        version = "=" + version
    return Requirement(name + version.replace(" ", ""))


def _environment() -> tuple[dict[str, SpecifierSet], dict[str, SpecifierSet], list[str]]:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda: dict[str, SpecifierSet] = {}
    pip: dict[str, SpecifierSet] = {}
    editable: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep.get("pip", []):
                line = line.strip()
                if line.startswith(("-e", "--editable")) or line in (".", "./"):
                    editable.append(line)
                    continue
                for name, spec in _expand(Requirement(line)).items():
                    assert name not in pip, f"environment.yml pip section names {name} twice"
                    pip[name] = spec
        else:
            for name, spec in _expand(_conda_requirement(str(dep))).items():
                assert name not in conda, f"environment.yml names {name} twice"
                conda[name] = spec
    return conda, pip, editable


def _pyproject() -> dict[str, SpecifierSet]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    out: dict[str, SpecifierSet] = {}
    for line in data["project"]["dependencies"]:
        req = Requirement(line)
        assert req.marker is None or req.marker.evaluate(), line
        for name, spec in _expand(req).items():
            assert name not in out, f"pyproject.toml names {name} twice"
            out[name] = spec
    return out


def test_normalisation():
    assert _expand(Requirement("dask[distributed]>=2024.1")) == {"dask": SpecifierSet(">=2024.1"), "distributed": SpecifierSet(">=2024.1")}
    assert _norm("jupyter_client") == _norm("Jupyter-Client") == "jupyter-client"
    assert str(_conda_requirement("quarto>=1.9.18").specifier) == ">=1.9.18"
    assert str(_conda_requirement("conda-forge::pandas 2.1.*").specifier) == "==2.1.*"
    assert str(_conda_requirement("python=3.11").specifier) == "==3.11"


def test_environment_and_pyproject_name_the_same_runtime_packages():
    conda, pip, _ = _environment()
    env_names = (set(conda) | set(pip)) - IGNORED - USER_ONLY
    py_names = set(_pyproject())
    assert not (set(conda) & set(pip) - USER_ONLY), f"in both the conda and the pip section: {sorted(set(conda) & set(pip))}"
    assert env_names - py_names == set(), f"environment.yml has packages pyproject.toml lacks: {sorted(env_names - py_names)}"
    assert py_names - env_names == set(), f"pyproject.toml has packages environment.yml lacks: {sorted(py_names - env_names)}"


def test_minimum_versions_agree():
    conda, pip, _ = _environment()
    env = {**conda, **pip}
    differ = {name: (str(env[name]), str(spec)) for name, spec in _pyproject().items() if name in env and env[name] != spec}
    assert not differ, f"environment.yml vs pyproject.toml version specs differ: {differ}"


def test_quarto_is_user_only_and_new_enough():
    conda, pip, _ = _environment()
    assert "quarto" in conda, "environment.yml must install Quarto from conda-forge for users"
    spec = conda["quarto"]
    assert spec, "environment.yml: pin quarto>=1.9.18"
    lowest = [Version(s.version) for s in spec if s.operator in (">=", "==", "~=", ">")]
    assert lowest and min(lowest) >= MIN_QUARTO, f"environment.yml: quarto {spec} allows versions before {MIN_QUARTO}"
    assert not spec.contains("1.9.17", prereleases=True), f"environment.yml: quarto {spec} allows 1.9.17"
    assert not USER_ONLY & set(_pyproject()), "Quarto cannot be a dependency of the package (build machines cannot install it)"


def test_environment_installs_hallbar_itself():
    _conda, _pip, editable = _environment()
    assert editable, "environment.yml's pip section should install hallbar (-e .)"


def test_python_versions_agree():
    conda, _pip, _ = _environment()
    requires = SpecifierSet(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"])
    assert "python" in conda and conda["python"] == requires, (conda.get("python"), requires)


@pytest.mark.parametrize("name", ["environment.yml", "pyproject.toml"])
def test_files_exist(name):
    assert (REPO / name).is_file()


def test_no_module_is_over_400_lines():
    """The layered package stays a house a newcomer finds their way in: small modules, one job each."""
    src = REPO / "src" / "hallbar"
    long = {str(p.relative_to(src)): n for p in sorted(src.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these modules (over 400 lines): {long}"
