import { describe, expect, it } from 'vitest';
import { canUndo, recordedChange } from '#shared/incident-change';

describe('a recorded status or severity change, read back to undo it', () => {
  it.each([
    ['status', 'Status changed from investigating to identified', { field: 'status', from: 'investigating', to: 'identified' }],
    ['status', 'Severity changed from SEV2 to SEV1', { field: 'severity', from: 'SEV2', to: 'SEV1' }],
    ['status', 'Status changed from investigating to fixed', null],
    ['status', 'Title changed to “PAR6”', null],
    ['note', 'Status changed from investigating to identified', null],
  ])('%s "%s"', (kind, text, change) => {
    expect(recordedChange({ kind, text })).toEqual(change);
  });

  it('can be undone only while the incident is still where it put it', () => {
    const change = recordedChange({ kind: 'status', text: 'Status changed from identified to monitoring' })!;
    expect(canUndo(change, { status: 'monitoring', severity: 'SEV1' })).toBe(true);
    expect(canUndo(change, { status: 'resolved', severity: 'SEV1' })).toBe(false);
  });
});
