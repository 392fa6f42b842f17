// ANSI colour for the terminal summary: only on a TTY, never when NO_COLOR is set (https://no-color.org).

export type Paint = (code: number, text: string) => string;

export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === '';
}

export function painter(color: boolean): Paint {
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
}

export const RED = 31;
export const GREEN = 32;
export const YELLOW = 33;
export const DIM = 2;
export const BOLD = 1;
