/**
 * L2: Warroom itself, built by the real factory from the real configuration (environment),
 * with an IPC hook for the harness's memory readings. Broadcasts come from real HTTP ingest.
 */
import { createServer } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store';
import { handleCommon, type TargetCommand } from '../lib/target-protocol';

const config = loadConfig();
const store = openSqliteStore(config.dataDir);
const server = await createServer({ config, store, logger: createLogger(config.logLevel) });
const port = await server.listen(config.port);

process.on('message', (command: TargetCommand) => {
  handleCommon(command, () => server.io.engine.clientsCount);
});
process.send!({ event: 'ready', port });

// Never outlive the benchmark that started us; exit cleanly on SIGTERM so --cpu-prof can write.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
