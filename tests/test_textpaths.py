"""textpaths spells paths exactly as pathlib does, and looks at files as pathlib does."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import textpaths

PATHS = st.lists(st.sampled_from(["/", "//", "a", "b", ".", "..", ".x", "x.", "c.toml", "d.e.f"]), max_size=8).map("".join)


@given(PATHS, PATHS)
def test_pure_paths_are_spelt_as_pathlib_spells_them(path, base):
    """str, join, parent, parents, name, suffix, is_absolute and ancestry agree with PurePath's for any mix of separators and dots."""
    pure = PurePath(path)
    assert textpaths.pure(path) == str(pure)
    assert textpaths.join(base, path) == str(PurePath(base) / path)
    assert textpaths.parent(path) == str(pure.parent)
    assert textpaths.lineage(path) == [str(p) for p in (pure, *pure.parents)]
    assert textpaths.name(path) == pure.name
    assert textpaths.suffix(path) == pure.suffix
    assert textpaths.is_absolute(path) == pure.is_absolute()
    assert textpaths.within(path, base) == (pure == PurePath(base) or PurePath(base) in pure.parents)


@given(PATHS)
def test_a_path_is_shown_relative_to_the_working_directory_as_before(path):
    """``shown`` gives what ``Path.relative_to(cwd)`` then ``normpath`` and ``as_posix`` gave, inside the working directory or not."""
    for candidate in (path, os.getcwd() + "/" + path, "/" + path):
        expected = Path(candidate)
        if expected.is_absolute():
            try:
                expected = expected.relative_to(Path.cwd())
            except ValueError:
                pass
        assert textpaths.shown(candidate) == PurePath(os.path.normpath(expected)).as_posix()


@pytest.mark.parametrize("make", [
    lambda tmp: tmp / "missing",
    lambda tmp: tmp / "file.txt",
    lambda tmp: tmp / "file.txt" / "below",
    lambda tmp: tmp,
    lambda tmp: tmp / ("x" * 5000),
    lambda tmp: str(tmp) + "/a\x00b",
])
def test_files_are_looked_at_as_pathlib_looks_at_them(tmp_path, make):
    """exists, is_file and is_dir answer as Path's do, and raise as they do for a name too long to look at."""
    (tmp_path / "file.txt").write_text("x")
    path = make(tmp_path)

    def outcome(ask, arg):
        try:
            return ask(arg)
        except OSError as exc:
            return type(exc), exc.errno

    for ours, theirs in ((textpaths.exists, Path.exists), (textpaths.is_file, Path.is_file), (textpaths.is_dir, Path.is_dir)):
        assert outcome(ours, os.fspath(path)) == outcome(theirs, Path(path))
