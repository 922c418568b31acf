// The renderer half of back-pressure: output is acknowledged only after xterm has written it.

/** What the pump writes into: xterm's `write(data, callback)`. */
export interface OutputSink {
  write(data: string, done: () => void): void;
}

/**
 * Holds one session's output until a terminal is attached, then writes each chunk and acks its
 * bytes from xterm's write callback. Main pauses the data channel while unacked bytes pile up,
 * so a queue here is bounded by main's high-water mark, never by how fast `yes` prints.
 */
export class OutputPump {
  private readonly queue: Array<{ data: string; bytes: number }> = [];
  private sink: OutputSink | null = null;
  private written = 0;
  private acked = 0;

  constructor(private readonly ack: (bytes: number) => void) {}

  /** One `sessions:output-received` event, in arrival order. */
  push(data: string, bytes: number): void {
    if (this.sink) this.writeOne(this.sink, data, bytes);
    else this.queue.push({ data, bytes });
  }

  /** Attaches a terminal and writes what arrived before it; returns the detach function. */
  attach(sink: OutputSink): () => void {
    this.sink = sink;
    for (const chunk of this.queue.splice(0)) this.writeOne(sink, chunk.data, chunk.bytes);
    return () => {
      if (this.sink === sink) this.sink = null;
    };
  }

  /** Bytes handed to xterm and bytes acknowledged so far (for diagnostics and tests). */
  get counters(): { readonly queued: number; readonly written: number; readonly acked: number } {
    return { queued: this.queue.reduce((n, c) => n + c.bytes, 0), written: this.written, acked: this.acked };
  }

  private writeOne(sink: OutputSink, data: string, bytes: number): void {
    this.written += bytes;
    sink.write(data, () => {
      this.acked += bytes;
      // An empty event still came from main; acking 0 is harmless and keeps the two counts aligned.
      if (bytes > 0) this.ack(bytes);
    });
  }
}
