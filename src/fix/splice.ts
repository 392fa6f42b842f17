// The splices fixers make around statements: lines added before or after one at its indentation,
// a statement replaced by lines, a node's text replaced, a block re-indented under a new `with`.
// Each returns an Edit, or a reason when the statement's layout does not allow it (it shares its
// line with other code, or a multi-line string would change if re-indented).
import type { Edit } from './edit.js';
import type { PyNode } from './python-ast.js';
import { walk } from './py-tree.js';
import type { SourceFile } from './source.js';

export type Spliced = Edit | { reason: string };

export const isEdit = (s: Spliced): s is Edit => !('reason' in s);

function ownLine(src: SourceFile, stmt: PyNode): string | null {
  if (!src.startsLine(stmt)) return `${src.display}:${stmt.l} holds other code before the statement`;
  if (!src.endsLine(stmt)) return `${src.display}:${stmt.el} holds other code after the statement`;
  return null;
}

const indented = (src: SourceFile, indent: string, lines: string[]): string => lines.map((l) => `${indent}${l}${src.eol}`).join('');

export function insertBefore(src: SourceFile, stmt: PyNode, lines: string[]): Spliced {
  const why = ownLine(src, stmt);
  if (why) return { reason: why };
  const at = src.lineStart(stmt.l as number);
  return { file: src.path, start: at, end: at, text: indented(src, src.indentOf(stmt.l as number), lines) };
}

export function insertAfter(src: SourceFile, stmt: PyNode, lines: string[]): Spliced {
  const why = ownLine(src, stmt);
  if (why) return { reason: why };
  const last = stmt.el as number;
  const at = src.lineEnd(last);
  // A last line without a newline gets one first.
  const lead = at === src.text.length && !/[\r\n]$/.test(src.text) ? src.eol : '';
  return { file: src.path, start: at, end: at, text: lead + indented(src, src.indentOf(stmt.l as number), lines) };
}

/** Replaces the statement's own text with lines: the first takes its place, the others follow at its
 *  indentation. A trailing comment stays, unless it described what was replaced (`dropComment`). */
export function replaceStatement(src: SourceFile, stmt: PyNode, lines: string[], dropComment = false): Spliced {
  const why = ownLine(src, stmt);
  if (why) return { reason: why };
  const { start } = src.span(stmt);
  const end = dropComment ? src.lineStart(stmt.el as number) + src.line(stmt.el as number).length : src.span(stmt).end;
  const indent = src.indentOf(stmt.l as number);
  return { file: src.path, start, end, text: lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join(src.eol) };
}

export function replaceNode(src: SourceFile, node: PyNode, text: string): Edit {
  const { start, end } = src.span(node);
  return { file: src.path, start, end, text };
}

/** Whether a string literal under the nodes spans lines: re-indenting it would change its value. */
function hasMultilineString(nodes: PyNode[]): boolean {
  return nodes.some((n) => [...walk(n)].some((x) => (x._t === 'Constant' || x._t === 'JoinedStr') && (x.el ?? 0) > (x.l ?? 0)));
}

/**
 * `with <header>:` in place of `stmts[0]`'s line(s), and the rest of `stmts` moved one level in, as a
 * person writes a context manager around the rest of a block. `first` replaces the first statement
 * inside the block (omit it to drop the first statement: its work moved into the header).
 */
export function wrapInWith(src: SourceFile, stmts: PyNode[], header: string, first: string | null): Spliced {
  const head = stmts[0] as PyNode;
  const why = ownLine(src, head) ?? (stmts.length > 1 ? ownLine(src, stmts[stmts.length - 1] as PyNode) : null);
  if (why) return { reason: why };
  const rest = stmts.slice(1);
  if (rest.length > 0 && (rest[0]?.l as number) <= (head.el as number)) return { reason: `${src.display}:${head.l}: statements share a line` };
  if (hasMultilineString(rest)) return { reason: `a multi-line string in the statements after ${src.display}:${head.l} would change if they were indented under a with block` };
  const indent = src.indentOf(head.l as number);
  const unit = src.indentUnit();
  const start = src.lineStart(head.l as number);
  const lastLine = (stmts[stmts.length - 1] as PyNode).el as number;
  const end = src.lineEnd(lastLine);
  let text = `${indent}with ${header}:${src.eol}`;
  if (first !== null) text += `${indent}${unit}${first}${src.eol}`;
  if (rest.length > 0) {
    // Comments and blank lines between the first statement and the rest move with the rest.
    const body = src.text.slice(src.lineEnd(head.el as number), end);
    text += body.split(/(?<=\n)/).map((l) => (l.trim() === '' ? l : `${unit}${l}`)).join('');
  } else if (first === null) {
    text += `${indent}${unit}pass${src.eol}`;
  }
  // A file whose last line had no newline keeps it that way.
  if (end === src.text.length && !/[\r\n]$/.test(src.text)) text = text.replace(/(\r\n|\r|\n)$/, '');
  return { file: src.path, start, end, text };
}
