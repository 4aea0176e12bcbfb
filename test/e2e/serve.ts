/** Runs the real server entry point on a fresh temp data directory for the browser journeys. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.WARROOM_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-'));
await import('../../server/src/main');
