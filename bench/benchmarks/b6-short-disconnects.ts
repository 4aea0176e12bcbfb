/**
 * B6: 1,000 real clients (the SPA's own sync engine) drop for 5 s, 60 s and 150 s while
 * 10 entries a second are posted. Target: every entry delivered once, in order — each
 * client's timeline ends up exactly the server's, with nothing missing or doubled.
 */
import { createToken, feedToken, viewerToken } from '../lib/auth';
import { allEntries, createIncident, getJson, postEntry, postJson, sleep, type Benchmark } from '../lib/benchmark';
import { samples } from '../lib/payload';
import { startSyncClients, startTarget } from '../lib/processes';
import { compare, type Run } from '../lib/results';

export const b6: Benchmark = {
  id: 'B6',
  title: 'Short disconnects: 1,000 clients drop for 5 s / 60 s / 150 s while 10 entries/s are posted',
  async run(ctx) {
    const clients = ctx.quick ? 10 : 1000;
    const drops = ctx.quick ? [1, 3] : [5, 60, 150];
    const entriesPerSec = 10;
    const target = await startTarget('L2'); // production push interval (250 ms)
    const viewers = await startSyncClients();
    const runs: Run[] = [];
    try {
      const incidentId = await createIncident(target.base);
      // The clients watch on the shared viewer link; a responder posts the entries, a feed the samples.
      const viewer = await viewerToken(target.base);
      const responder = await createToken(target.base, { name: 'bench responder', role: 'responder' });
      const feed = await feedToken(target.base);
      const joined = await viewers.connect(target.base, incidentId, clients, viewer);
      ctx.log(`  ${clients} clients joined in ${(joined.ms / 1000).toFixed(1)} s`);
      for (const seconds of drops) {
        const stopPosting = new AbortController();
        let posted = 0;
        let failures = 0;
        let retried = 0;
        let slowestPostMs = 0;
        const errors = new Map<string, number>();
        const poster = (async () => {
          const start = performance.now();
          for (let n = 0; !stopPosting.signal.aborted; n++) {
            const sent = performance.now();
            const outcome = await postEntry(`${target.base}/api/incidents/${incidentId}/timeline`, { text: `entry ${n} during a ${seconds} s drop` }, responder);
            if (outcome.status === 201) posted++;
            else failures++;
            slowestPostMs = Math.max(slowestPostMs, performance.now() - sent);
            if (outcome.attempts > 1) retried++;
            for (const e of outcome.errors) errors.set(e, (errors.get(e) ?? 0) + 1);
            if (n % entriesPerSec === 0) void postJson(`${target.base}/api/ingest`, samples(n, Date.now()), feed).catch(() => {});
            await sleep(start + ((n + 1) * 1000) / entriesPerSec - performance.now());
          }
        })();
        await sleep(1000);
        const back = await viewers.drop(seconds);
        await sleep(2000);
        stopPosting.abort();
        await poster;
        await sleep(1500); // last broadcasts land
        const state = await getJson<{ seq: number; epoch: string }>(`${target.base}/api/incidents/${incidentId}/state`, viewer);
        const ids = (await allEntries(target.base, incidentId, viewer)).map((e) => e.id);
        const v = await viewers.verify(ids, state.seq, state.epoch);
        ctx.log(
          `  ${seconds} s drop: ${posted} posted (${retried} after a retry${errors.size ? `: ${[...errors].map(([e, k]) => `${k} × ${e}`).join(', ')}` : ''}; slowest ${(slowestPostMs / 1000).toFixed(1)} s), back in ${(back.ms / 1000).toFixed(1)} s, ${v.exact}/${v.clients} exact, missing ${v.missing}, extra ${v.extra}, holes filled by ${back.holes}`,
        );
        runs.push({
          target: 'L2',
          case: `${seconds} s drop`,
          valid: failures === 0,
          ...(failures ? { invalidReason: `${failures} posts failed` } : {}),
          metrics: {
            clients: v.clients,
            entriesPosted: posted,
            postsRetried: retried,
            slowestPostSec: slowestPostMs / 1000,
            exactPct: (v.exact / v.clients) * 100,
            missing: v.missing,
            duplicatedOrForeign: v.extra,
            outOfOrder: v.unordered,
            behind: v.behind,
            backSec: back.ms / 1000,
            clientsThatFilledAHole: back.holes,
          },
        });
      }
    } finally {
      await viewers.exit();
      await target.stop();
    }
    const comparisons = drops.flatMap((s) => [
      compare(runs, `${s} s drop`, 'exactPct', 'clients with every entry once, in order', '%', 'L2 = 100 %', (l2) => l2 === 100),
      compare(runs, `${s} s drop`, 'backSec', 'all clients back and in sync', 's', 'info', null),
      compare(runs, `${s} s drop`, 'postsRetried', 'posts that needed a retry (same clientId)', '', 'info', null),
      compare(runs, `${s} s drop`, 'slowestPostSec', 'slowest post, retries included', 's', 'info', null),
    ]);
    return {
      params: { clients, drops, entriesPerSec, metricsIngestHz: 1, replayLogEvents: 5000 },
      runs,
      comparisons,
      notes: [
        'Clients are the SPA’s RoomSync over socket.io-client, not light viewers: this checks behaviour, not speed.',
        'No L0/L1 figures: a bare server has no way to give back what a client missed while away.',
        'Entries are posted as the composer posts them: with a clientId, again with the same one after a network error or a 5xx (up to 5 attempts); a post that never got its 201 makes the run invalid.',
      ],
    };
  },
};
