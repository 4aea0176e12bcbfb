/**
 * Lets callers through one per turn of the event loop, first come first served.
 *
 * For work that is cheap alone and heavy in a crowd: a thousand clients rejoining at once
 * arrive in one poll of the event loop, and answering them all there (a replay each,
 * milliseconds apiece) held the loop for seconds — an HTTP post waited 4–8 s behind them,
 * or its keep-alive connection timed out under it (B6). Let through one per turn, they
 * take as long in all, and every other socket and request is served between two of them.
 */
export class TurnQueue {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves on a later turn of the event loop, after every caller that asked before. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // An immediate queued from an immediate runs on the next turn, after that turn's I/O;
    // the caller resolved here runs in this one, before it.
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}
