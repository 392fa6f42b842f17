// A source file as text with its line table: offsets from the (line, column) spans of the syntax
// tree, each line's indentation and line ending, so an edit splices text in and keeps the rest of
// the user's formatting byte for byte.
import type { PyNode } from './python-ast.js';

export class SourceFile {
  /** Offset at which each line starts (line 1 at index 0); a final entry past the end. */
  private readonly starts: number[];
  /** The file's own line ending, used for every line an edit adds. */
  readonly eol: string;

  /** `path` is absolute; `display` is how messages and diffs name it (relative to the run's folder). */
  constructor(readonly path: string, readonly text: string, readonly tree: PyNode, readonly display: string = path) {
    this.starts = [0];
    const re = /\r\n|\r|\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) this.starts.push(m.index + m[0].length);
    this.starts.push(text.length);
    const first = /\r\n|\r|\n/.exec(text)?.[0];
    this.eol = first ?? '\n';
  }

  get lineCount(): number {
    return this.starts.length - 1;
  }

  /** Offset of a 1-based line and 0-based character column. */
  offset(line: number, col: number): number {
    return (this.starts[line - 1] ?? this.text.length) + col;
  }

  /** 1-based line and 0-based character column of an offset. */
  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (this.starts[lo] as number) };
  }

  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }

  /** Offset just past the line's ending (the start of the next line). */
  lineEnd(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** The line's text without its ending. */
  line(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line)).replace(/\r?\n$|\r$/, '');
  }

  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.line(line))?.[0] ?? '';
  }

  /** Start and end offsets of a node's span. */
  span(node: PyNode): { start: number; end: number } {
    return { start: this.offset(node.l ?? 1, node.c ?? 0), end: this.offset(node.el ?? node.l ?? 1, node.ec ?? 0) };
  }

  textOf(node: PyNode): string {
    const { start, end } = this.span(node);
    return this.text.slice(start, end);
  }

  /** Whether only whitespace precedes the node on its first line (it starts its line). */
  startsLine(node: PyNode): boolean {
    return this.line(node.l ?? 1).slice(0, node.c ?? 0).trim() === '';
  }

  /** Whether only whitespace or a comment follows the node on its last line (it ends its line). */
  endsLine(node: PyNode): boolean {
    const rest = this.line(node.el ?? 1).slice(node.ec ?? 0).trim();
    return rest === '' || rest.startsWith('#');
  }

  /** One level of indentation as the file writes it: a tab, or the smallest step between indented lines (default 4 spaces). */
  indentUnit(): string {
    let best = '';
    for (let i = 1; i <= this.lineCount; i++) {
      const ind = this.indentOf(i);
      if (this.line(i).trim() === '' || ind === '') continue;
      if (ind.startsWith('\t')) return '\t';
      if (best === '' || ind.length < best.length) best = ind;
    }
    return best === '' ? '    ' : best;
  }
}
