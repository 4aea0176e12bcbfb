/** Wires the real dependencies and listens. Everything else is in app.ts. */
import { createServer } from './app';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { openSqliteStore } from './store/sqlite/sqlite-store';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = openSqliteStore(config.dataDir);
  const server = await createServer({ config, store, logger });
  const port = await server.listen(config.port);
  logger.info({ dataDir: config.dataDir, feed: config.feed }, `Warroom listening on http://${config.host}:${port}`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
