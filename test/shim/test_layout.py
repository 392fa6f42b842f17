"""The shim's layout rules (flakescope_shim/__init__.py), checked on its source: every module imports,
the imports between its modules have no cycle, an import inside a function says why on its line, no
module reads another's private names, only wrap.py wraps, and every module that wraps can unwrap."""
import ast
import importlib
import importlib.util
import io
import os
import sys
import tokenize
import unittest

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim import install  # noqa: E402
PACKAGE = "flakescope_shim"
ROOT = os.path.join(SHIM, PACKAGE)
# Modules that import the library they integrate at their top: importable where it is installed
# (Debian's python has all three; shim.test.ts runs this module there too).
NEEDS = {"unittest.testtools": "testtools", "hooks.fixture": "fixtures", "pytest.": "pytest"}
# Private names read across modules, each with why it stays for now.
PRIVATE_READS = {}


def _modules():
    """{dotted name below the package ("" for the package): (path, parsed tree, source)}."""
    out = {}
    for folder, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                rel = "" if rel == "__init__" else rel[: -len(".__init__")] if rel.endswith(".__init__") else rel
                with open(path, encoding="utf-8") as handle:
                    source = handle.read()
                out[rel] = (path, ast.parse(source, path), source)
    return out


MODULES = _modules()


def _is_package(name):
    return MODULES[name][0].endswith("__init__.py")


def _targets(name, node):
    """Our modules an import statement in module `name` loads (names relative to the package)."""
    if isinstance(node, ast.Import):
        return [a.name[len(PACKAGE) + 1:] for a in node.names if a.name.startswith(PACKAGE + ".")]
    if not node.level:
        return []
    parts = name.split(".") if name else []
    base = parts if _is_package(name) else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    prefix = ".".join(base + ([node.module] if node.module else []))
    out = []
    for alias in node.names:
        full = (prefix + "." if prefix else "") + alias.name
        out.append(full if full in MODULES else prefix)
    return [t for t in out if t in MODULES]


def _function_imports(tree):
    """Import statements inside a function body, anywhere in the module."""
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield node


def _commented_lines(source):
    return {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT}


class Layout(unittest.TestCase):
    def test_the_rule_places_every_top_level_module(self):
        import re

        rule = ast.get_docstring(MODULES[""][1])
        named = set(re.findall(r"[a-z_]+", rule[rule.index("- the top level"):]))
        top = sorted(n for n in MODULES if n and "." not in n and not _is_package(n))
        self.assertEqual([n for n in top if n not in named], [], "say where it belongs in flakescope_shim/__init__.py")

    def test_every_module_imports(self):
        for name in sorted(MODULES):
            need = next((lib for prefix, lib in NEEDS.items() if name.startswith(prefix) or name + "." == prefix), None)
            if need is not None and importlib.util.find_spec(need) is None:
                continue  # its library is not installed for this Python
            with self.subTest(module=name):
                importlib.import_module(PACKAGE + ("." + name if name else ""))

    def test_no_import_cycle(self):
        graph = {name: set() for name in MODULES}
        for name, (_, tree, _) in MODULES.items():
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    graph[name].update(t for t in _targets(name, node) if t != name)
        # A package's __init__ is loaded before its modules: an edge up to it is not followed.
        done, path = set(), []

        def visit(name):
            if name in path:
                self.fail("import cycle: %s" % " -> ".join(path[path.index(name):] + [name]))
            if name in done:
                return
            path.append(name)
            for target in sorted(graph[name]):
                if target != "" and not name.startswith(target + "."):
                    visit(target)
            path.pop()
            done.add(name)

        for name in sorted(graph):
            visit(name)

    def test_an_import_inside_a_function_says_why(self):
        bare = []
        for name, (path, tree, source) in sorted(MODULES.items()):
            commented = _commented_lines(source)
            for node in _function_imports(tree):
                if node.lineno not in commented:
                    bare.append("%s:%d" % (os.path.relpath(path, SHIM), node.lineno))
        self.assertEqual(bare, [], "give each a one-line reason (start-up cost, an ordering problem), or move it to the top")

    def test_no_private_name_of_another_module(self):
        reads = []
        for name, (path, tree, _) in sorted(MODULES.items()):
            ours = {}  # local name -> our module it is bound to
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level:
                    for alias, target in zip(node.names, _targets(name, node)):
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            reads.append((name, "%s.%s" % (target, alias.name)))
                        elif target.endswith(alias.name):
                            ours[alias.asname or alias.name] = target
            for node in ast.walk(tree):
                if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ours
                        and node.attr.startswith("_") and not node.attr.startswith("__")):
                    reads.append((name, "%s.%s" % (ours[node.value.id].rpartition(".")[2], node.attr)))
        self.assertEqual(sorted(set(r for r in reads if r not in PRIVATE_READS)), [])

    def test_only_wrap_py_wraps(self):
        for name, (path, tree, source) in sorted(MODULES.items()):
            if name == "wrap":
                continue
            with self.subTest(module=name):
                self.assertNotIn("__flakescope_wrapped__", source)
                calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
                self.assertFalse([n.lineno for n in calls if isinstance(n.func, ast.Name) and n.func.id == "setattr"],
                                 "setattr: wrap through wrap.Undo")
                self.assertFalse([n.lineno for n in calls if isinstance(n.func, ast.Attribute) and n.func.attr == "dress"])

    def test_every_module_that_wraps_can_unwrap_and_hooks_holds_observers(self):
        for name, (_, tree, source) in sorted(MODULES.items()):
            functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
            wraps = "wrap.Undo()" in source
            with self.subTest(module=name):
                if wraps:
                    self.assertIn("uninstall", functions)
                    self.assertIn(name, install.HOOK_MODULES, "listed, so uninstall_all() undoes it")
                if name.startswith("hooks."):
                    self.assertTrue(wraps, "hooks/ holds observers: each wraps what it observes")
                    self.assertTrue(any(f == "install" or f.startswith("install_") for f in functions))
                    self.assertIn("uninstall", functions)


if __name__ == "__main__":
    unittest.main()
