// The suite's syntax trees, from Python's own `ast` module run by the interpreter the tests ran with
// (so the grammar is the suite's): every node with its fields and its span as 1-based lines and
// 0-based columns counted in characters (ast counts UTF-8 bytes). The same helper compiles edited
// sources to check that an edit still parses, and says which modules that interpreter can import.
import { execa } from 'execa';
import { ToolError } from '../errors.js';

/** A node as dumped: `_t` is the ast class name; l/c/el/ec its span (absent for nodes without one). */
export interface PyNode {
  _t: string;
  l?: number;
  c?: number;
  el?: number;
  ec?: number;
  [field: string]: unknown;
}

export type ParseResult = { tree: PyNode } | { error: string };

/** Reads a JSON request on stdin: {"parse": [paths], "compile": {name: source}, "modules": [names]}. */
const HELPER = String.raw`
import ast, importlib.util, json, math, re, sys
req = json.load(sys.stdin)
def dump(node, lines):
    if isinstance(node, ast.AST):
        d = {"_t": type(node).__name__}
        if getattr(node, "end_lineno", None) is not None:
            d["l"], d["c"] = node.lineno, col(lines, node.lineno, node.col_offset)
            d["el"], d["ec"] = node.end_lineno, col(lines, node.end_lineno, node.end_col_offset)
        for name, value in ast.iter_fields(node):
            d[name] = dump(value, lines)
        return d
    if isinstance(node, list):
        return [dump(x, lines) for x in node]
    if isinstance(node, bool) or node is None or isinstance(node, str):
        return node
    if isinstance(node, int) and abs(node) < 2 ** 53:
        return node
    if isinstance(node, float) and math.isfinite(node):
        return node
    return repr(node)
def col(lines, lineno, offset):
    return len(lines[lineno - 1].encode("utf-8")[:offset].decode("utf-8", "replace"))
out = {"parse": {}, "compile": {}, "modules": {}}
for path in req.get("parse", []):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        lines = re.split(r"\r\n|\r|\n", text)
        out["parse"][path] = {"tree": dump(ast.parse(text, path), lines)}
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        out["parse"][path] = {"error": "%s: %s" % (type(exc).__name__, exc)}
for name, source in req.get("compile", {}).items():
    try:
        compile(source, name, "exec", dont_inherit=True)
        out["compile"][name] = None
    except (SyntaxError, ValueError) as exc:
        out["compile"][name] = "%s: %s" % (type(exc).__name__, exc)
for name in req.get("modules", []):
    try:
        out["modules"][name] = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        out["modules"][name] = False
json.dump(out, sys.stdout)
`;

/** Generous: parsing a few large test modules takes well under a second; a loaded CI machine is slower. */
const HELPER_TIMEOUT_MS = 60_000;
/** Dumped trees of large modules run to megabytes of JSON. */
const HELPER_MAX_BUFFER = 512 * 1024 * 1024;

interface HelperReply {
  parse: Record<string, ParseResult>;
  compile: Record<string, string | null>;
  modules: Record<string, boolean>;
}

async function ask(python: string, request: object): Promise<HelperReply> {
  const r = await execa(python, ['-c', HELPER], { input: JSON.stringify(request), timeout: HELPER_TIMEOUT_MS, maxBuffer: HELPER_MAX_BUFFER, reject: false });
  if (r.failed) throw new ToolError(`could not run ${python} to read the suite's syntax trees (${(r.stderr || r.shortMessage || '').trim().split('\n').pop()})`);
  try {
    return JSON.parse(r.stdout) as HelperReply;
  } catch {
    throw new ToolError(`${python} gave no syntax tree flakescope could read`);
  }
}

/** The interpreter the suite ran with, talked to once per question batch. */
export class PythonAst {
  constructor(readonly python: string) {}

  /** Syntax trees of absolute paths; a file that cannot be read or parsed gets its error instead. */
  async parse(paths: string[]): Promise<Map<string, ParseResult>> {
    if (paths.length === 0) return new Map();
    const reply = await ask(this.python, { parse: paths });
    return new Map(paths.map((p) => [p, reply.parse[p] ?? { error: 'not parsed' }]));
  }

  /** For each named source, null when it compiles, else the error. */
  async compile(sources: Record<string, string>): Promise<Record<string, string | null>> {
    if (Object.keys(sources).length === 0) return {};
    return (await ask(this.python, { compile: sources })).compile;
  }

  /** Which of the modules the interpreter can import (without importing them). */
  async hasModules(names: string[]): Promise<Record<string, boolean>> {
    return (await ask(this.python, { modules: names })).modules;
  }
}
