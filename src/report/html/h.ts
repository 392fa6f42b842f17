// A tiny HTML/SVG builder that is safe by construction: text children and attribute values are
// always escaped; markup only enters as a Raw made by h() itself (or raw() for our own constants).
import { escapeHtml, showControlChars } from '../escape.js';

/** Escaped text with control characters (ANSI sequences included) made visible. */
function text(s: string): string {
  return escapeHtml(showControlChars(s, true));
}

export class Raw {
  constructor(readonly html: string) {}
}

export type Child = string | number | Raw | null | undefined | false | readonly Child[];
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

const NAME = /^[a-zA-Z][a-zA-Z0-9:-]*$/;
/** HTML void elements take no children and no closing tag. */
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Only for markup written in this code base (CSS, the inline script), never user data. */
export function raw(html: string): Raw {
  return new Raw(html);
}

export function render(child: Child): string {
  if (child === null || child === undefined || child === false) return '';
  if (child instanceof Raw) return child.html;
  if (Array.isArray(child)) return child.map(render).join('');
  return text(String(child));
}

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): Raw {
  if (!NAME.test(tag)) throw new Error(`bad tag name ${tag}`);
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (!NAME.test(name)) throw new Error(`bad attribute name ${name}`);
    if (value === null || value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${text(String(value))}"`;
  }
  if (VOID.has(tag)) return new Raw(`${open}>`);
  return new Raw(`${open}>${render(children)}</${tag}>`);
}
