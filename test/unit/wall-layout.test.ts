import { describe, expect, it } from 'vitest';
import { wallLayout } from '../../client/src/wall/wall-layout';

describe('a wall screen’s layout from its URL', () => {
  it.each([
    ['', { metrics: null, panels: ['timeline', 'alerts', 'impact'], theme: 'dark' }],
    ['?metrics=vms.missing,deploy.queue', { metrics: ['vms.missing', 'deploy.queue'], panels: ['timeline', 'alerts', 'impact'], theme: 'dark' }],
    ['?panels=impact,timeline&theme=light', { metrics: null, panels: ['impact', 'timeline'], theme: 'light' }],
    ['?panels=&theme=contrast', { metrics: null, panels: [], theme: 'contrast' }],
    ['?panels=timline,impact&theme=neon', { metrics: null, panels: ['impact'], theme: 'dark' }],
    ['?metrics= vms.missing , ,ceph.health', { metrics: ['vms.missing', 'ceph.health'], panels: ['timeline', 'alerts', 'impact'], theme: 'dark' }],
  ])('%s', (search, layout) => {
    expect(wallLayout(search)).toEqual(layout);
  });
});
