import { describe, expect, it } from 'vitest';
import { busyPerSlot, slowestUpdates, workPerUpdate } from '../../bench/benchmarks/b8-page';

const thread = { pid: 1, tid: 1 };
/** A scheduler task on the page's main thread: start and wall duration in ms, CPU time in ms. */
const task = (at: number, ms: number, cpuMs?: number, frame = false) => ({
  name: 'ThreadControllerImpl::RunTask',
  cat: 'toplevel',
  ph: 'X',
  ts: at * 1000,
  dur: ms * 1000,
  ...(cpuMs === undefined ? {} : { tdur: cpuMs * 1000 }),
  pid: 1,
  tid: 1,
  ...(frame ? { args: { src_func: 'ScheduledActionSendBeginMainFrame' } } : {}),
});

describe('B8 trace reading', () => {
  it('counts a task by the wall clock or by its CPU time', () => {
    const events = [task(10, 8, 3)];
    expect(busyPerSlot(events, thread, [[0, 100_000]], 'wall')).toEqual([8]);
    expect(busyPerSlot(events, thread, [[0, 100_000]], 'cpu')).toEqual([3]);
  });
  it('clips a task to its slot, its CPU time in proportion', () => {
    const events = [task(10, 10, 4)];
    expect(busyPerSlot(events, thread, [[15_000, 100_000]], 'wall')).toEqual([5]);
    expect(busyPerSlot(events, thread, [[15_000, 100_000]], 'cpu')).toEqual([2]);
  });
  it('ignores other threads and nested tasks', () => {
    const events = [task(0, 10, 10), { ...task(2, 3, 3), ts: 2000 }, { ...task(20, 5, 5), tid: 2 }];
    expect(busyPerSlot(events, thread, [[0, 100_000]], 'cpu')).toEqual([10]);
  });
  it('says it cannot tell CPU time when the trace has none', () => {
    expect(busyPerSlot([task(0, 5)], thread, [[0, 100_000]], 'cpu')[0]).toBeNaN();
  });
  it('charges an update its tasks up to the end of the first frame that rendered', () => {
    // Update sent at 0: message at 1 ms, an empty frame, the rendering frame, then the age tick.
    const events = [task(1, 1, 1), task(3, 0.2, 0.2, true), task(5, 6, 4, true), task(20, 2, 2)];
    expect(workPerUpdate(events, thread, [0], 'wall')).toEqual([7.2]);
    expect(workPerUpdate(events, thread, [0], 'cpu')).toEqual([5.2]);
  });
  it('charges nothing to an update that never rendered', () => {
    expect(workPerUpdate([task(1, 1, 1)], thread, [0, 50_000], 'cpu')).toEqual([]);
  });
  it('names the costliest update and its tasks by what posted them, a GC step once', () => {
    const posted = (t: ReturnType<typeof task>, src_func: string) => ({ ...t, args: { src_func } });
    const marking = 'void v8::internal::IncrementalMarkingJob::ScheduleTask()';
    // Update 1 renders in 3 ms; update 2 meets three steps of V8's incremental marking first.
    const events = [
      posted(task(1, 0.5, 0.5), 'PostDispatchNextMessageFromPipe'),
      task(2, 2.5, 2.5, true),
      posted(task(1001, 0.2, 0.2), marking),
      posted(task(1002, 0.3, 0.3), marking),
      posted(task(1003, 6, 6), marking),
      task(1010, 3, 3, true),
    ];
    expect(slowestUpdates(events, thread, [0, 1_000_000], 1)).toEqual(['update 2: 9.5 ms = IncrementalMarkingJob ×3 6.5 from +1, frame 3.0 from +10']);
    // A step already running when the update was sent is charged for its part after it, as workPerUpdate does.
    const straddling = [posted(task(996, 8, 8), marking), task(1010, 3, 3, true)];
    expect(slowestUpdates(straddling, thread, [1_000_000], 1)).toEqual(['update 1: 7.0 ms = IncrementalMarkingJob 4.0 from +0, frame 3.0 from +10']);
    expect(workPerUpdate(straddling, thread, [1_000_000], 'cpu')).toEqual([7]);
  });
});
