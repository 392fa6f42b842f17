// Types for outcomes.mjs.
export type PlainOutcome = 'pass' | 'fail' | 'error' | 'skip';
export function parseUnittestVerbose(output: string): Map<string, PlainOutcome>;
export function parsePytestVerbose(output: string): Map<string, PlainOutcome>;
export function parseVerbose(command: string[], output: string): Map<string, PlainOutcome>;
