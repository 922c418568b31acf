/** Collects ack frames and writes all acks of one socket read together (§16: ~72 vs ~48 MiB/s). */
export class AckBatcher {
  private pending: Buffer[] = [];
  private scheduled = false;
  private readonly writeBatch: (frames: Buffer[]) => void;

  /** `writeBatch` gets every queued frame at once; it must not throw. */
  constructor(writeBatch: (frames: Buffer[]) => void) {
    this.writeBatch = writeBatch;
  }

  /** Queues one ack; the batch leaves on setImmediate, after ws has emitted every frame of the current read. */
  queue(frame: Buffer): void {
    this.pending.push(frame);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Writes what is queued now (before a sequenced send, so acks keep their place in the stream). */
  flush(): void {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    this.writeBatch(frames);
  }

  /** Forgets queued acks (their socket is gone; the peer resends and we re-ack). */
  clear(): void {
    this.pending = [];
  }
}
