/** What happened to a sequenced message offered to the IncomingBuffer. */
export type IncomingVerdict =
  /** seq == expected: delivered, followed by any buffered successors. Ack it. */
  | 'delivered'
  /** seq > expected, inside the window: stored until the gap fills. Ack it. */
  | 'buffered'
  /** Already delivered or already stored: do not deliver again, but re-ack (§4). */
  | 'duplicate'
  /** Beyond the reorder window or the buffer is full: not stored and NOT acked, so the peer resends. */
  | 'overflow';

/** Construction options of IncomingBuffer. */
export interface IncomingBufferOptions<T> {
  /** Called synchronously for each message in sequence order, exactly once per sequence number. */
  readonly deliver: (item: T, sequenceNumber: number) => void;
  /** Largest distance ahead of `expected` that is stored, and the most entries held (plugin: 10 000, §5.3). */
  readonly capacity?: number;
  /** First expected sequence number (0 on a fresh channel, §5.1). */
  readonly initialExpected?: number;
}

/** Reorder buffer for one direction (§5.3): in-order delivery, duplicate detection, bounded window. */
export class IncomingBuffer<T> {
  private readonly deliver: IncomingBufferOptions<T>['deliver'];
  private readonly capacity: number;
  private readonly pending = new Map<number, T>();
  private next: number;

  constructor(options: IncomingBufferOptions<T>) {
    this.deliver = options.deliver;
    this.capacity = options.capacity ?? 10_000;
    this.next = options.initialExpected ?? 0;
  }

  /** The next sequence number to deliver. */
  get expected(): number {
    return this.next;
  }

  /** Messages stored out of order. */
  get bufferedCount(): number {
    return this.pending.size;
  }

  /** Offers one message; delivers it and any now-contiguous successors when it fills the gap. */
  push(sequenceNumber: number, item: T): IncomingVerdict {
    if (sequenceNumber < this.next) return 'duplicate';
    if (sequenceNumber > this.next) {
      if (this.pending.has(sequenceNumber)) return 'duplicate';
      if (sequenceNumber - this.next > this.capacity || this.pending.size >= this.capacity) return 'overflow';
      this.pending.set(sequenceNumber, item);
      return 'buffered';
    }
    // Advance before delivering so a re-entrant push from inside deliver sees the new state.
    this.next++;
    this.deliver(item, sequenceNumber);
    // Drained messages go through the same deliver path as live ones (the plugin's bug in §5.3 is not copied).
    while (this.pending.size > 0) {
      const seq = this.next;
      const stored = this.pending.get(seq);
      if (stored === undefined) break;
      this.pending.delete(seq);
      this.next++;
      this.deliver(stored, seq);
    }
    return 'delivered';
  }

  /** Drops stored messages (the channel is over). */
  clear(): void {
    this.pending.clear();
  }
}
