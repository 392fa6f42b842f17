export const MARKER_VAR: string;
export function processesMarked(marker: string): { pid: number; cmdline: string }[];
