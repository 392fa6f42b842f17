// Whether a path exists (or allows `mode`), as a boolean: callers decide what a missing path means.
import { access, constants } from 'node:fs/promises';

export const canAccess = (p: string, mode: number = constants.F_OK): Promise<boolean> => access(p, mode).then(() => true, () => false);
