/** Where the harnesses find this checkout and what they run from it. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The CLI's entry, run with `node --import tsx` from the sources. */
export const CLI_ENTRY = join(REPOSITORY_ROOT, 'src', 'cli', 'bin.ts');
