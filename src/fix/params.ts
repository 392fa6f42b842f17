// A pytest fixture (request, mocker, monkeypatch) asked for by name: the parameter is reused when the
// function has it, else added where pytest accepts it (after the last positional parameter without a
// default, before the first one with one).
import type { Edit } from './edit.js';
import type { PyNode } from './python-ast.js';
import { allParamNames, field, list } from './py-tree.js';
import type { SourceFile } from './source.js';

export type ParamResult = { edit: Edit | null } | { reason: string };

export function ensureParam(src: SourceFile, fn: PyNode, name: string): ParamResult {
  if (allParamNames(fn).includes(name)) return { edit: null };
  const args = field(fn, 'args');
  const positional = [...list(args, 'posonlyargs'), ...list(args, 'args')];
  const defaults = list(args, 'defaults').length;
  const others = [field(args, 'vararg'), ...list(args, 'kwonlyargs'), field(args, 'kwarg')].filter((a) => a !== null);
  if (positional.length === 0) {
    if (others.length > 0) return { reason: `${src.display}:${fn.l}: ${String(fn.name)} takes only *args/**kwargs or keyword-only parameters; add ${name} by hand` };
    // `def name(`: the first parenthesis after the name on the def line(s).
    const from = src.offset(fn.l as number, fn.c as number);
    const open = src.text.indexOf('(', src.text.indexOf(String(fn.name), from));
    if (open < 0) return { reason: `${src.display}:${fn.l}: cannot find the parameter list of ${String(fn.name)}` };
    return { edit: { file: src.path, start: open + 1, end: open + 1, text: name } };
  }
  if (defaults > 0) {
    const firstDefaulted = positional[positional.length - defaults] as PyNode;
    const at = src.offset(firstDefaulted.l as number, firstDefaulted.c as number);
    return { edit: { file: src.path, start: at, end: at, text: `${name}, ` } };
  }
  const last = positional[positional.length - 1] as PyNode;
  const at = src.offset(last.el as number, last.ec as number);
  return { edit: { file: src.path, start: at, end: at, text: `, ${name}` } };
}
