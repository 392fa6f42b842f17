// Types for pythons.mjs.
export const SUPPORTED_PYTHONS: string[];
export const PATH_PYTHON: string;
export function pyenvPython(version: string): string | null;
export function missingPython(version: string): string | null;
