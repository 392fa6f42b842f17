// Types for requirements.mjs; `t` is a tap Test.
export function requireOrSkip(
  t: { fail(message: string): unknown; pass(message: string, extra: { skip: string }): unknown },
  missing: string | null,
): boolean;
