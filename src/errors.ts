// The two error types the CLI maps to exit codes (docs/usage.md "Exit codes").

/** The user asked for something we cannot do as asked (bad flag, missing command, unusable folder): exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** flakescope itself failed (a bug or an environment problem the user did not cause): exit 3. */
export class ToolError extends Error {
  override name = 'ToolError';
}

/** The errno code of a Node system error, if any. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
