/** An acknowledged entry survives a restart; retries with the same clientId never duplicate. */
import { describe, expect, it } from 'vitest';
import { startServer, tempDir } from '../support/server';

describe('durability', () => {
  it('an entry acknowledged over a socket is read back after a restart', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const { id } = (await first.api('POST', '/api/incidents', { title: 'PAR6', severity: 'SEV1' })).body;
    const socket = await first.connect();
    const ack = await socket.emitWithAck('timeline:post', { incidentId: id, text: 'We lack 2.8k VMs', kind: 'note', component: 'Deployments', clientId: 'k-1' });
    expect(ack.ok).toBe(true);
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const timeline = await second.api('GET', `/api/incidents/${id}/timeline`);
      expect(timeline.body.entries).toEqual([ack.ok && ack.data]);
      expect((await second.api('GET', `/api/incidents/${id}`)).body).toMatchObject({ title: 'PAR6', severity: 'SEV1' });
      // A client retrying after the restart (it never saw the ack) gets the same entry, not a second one.
      const retry = await (await second.connect()).emitWithAck('timeline:post', {
        incidentId: id,
        text: 'We lack 2.8k VMs',
        kind: 'note',
        component: 'Deployments',
        clientId: 'k-1',
      });
      expect(retry).toEqual(ack);
      expect((await second.api('GET', `/api/incidents/${id}/timeline`)).body.entries).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('a clientId reused for other content is refused over the socket', async () => {
    const s = await startServer();
    try {
      const { id } = (await s.api('POST', '/api/incidents', { title: 'x' })).body;
      const socket = await s.connect();
      await socket.emitWithAck('timeline:post', { incidentId: id, text: 'one', clientId: 'k' });
      const second = await socket.emitWithAck('timeline:post', { incidentId: id, text: 'two', clientId: 'k' });
      expect(second).toMatchObject({ ok: false, error: { code: 'conflict', field: 'clientId' } });
    } finally {
      await s.close();
    }
  });
});
