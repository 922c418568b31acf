import type { Clock } from './clock';

/** Construction options of LivenessMonitor. */
export interface LivenessMonitorOptions {
  readonly clock: Clock;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  /** Sends one WebSocket ping; may throw when the socket is closing. */
  readonly ping: () => void;
  /** The peer missed a pong deadline. */
  readonly onDead: (reason: string) => void;
}

/** WebSocket pings with a pong deadline: the plugin's blind 5-minute pings cannot notice a dead peer (§10). */
export class LivenessMonitor {
  private readonly options: LivenessMonitorOptions;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private suspended = false;

  constructor(options: LivenessMonitorOptions) {
    this.options = options;
  }

  /** Pings now and then every interval. */
  start(): void {
    this.stop();
    this.tick();
  }

  /** Stops pinging and forgets any deadline. */
  stop(): void {
    this.clear('pingTimer');
    this.clear('pongTimer');
  }

  /** A pong arrived. */
  pong(): void {
    this.clear('pongTimer');
  }

  /** While the socket is paused for back-pressure its pongs cannot be read, so deadlines are off. */
  setSuspended(suspended: boolean): void {
    this.suspended = suspended;
    if (suspended) this.clear('pongTimer');
  }

  private tick(): void {
    const { clock, pongTimeoutMs, pingIntervalMs } = this.options;
    // Arm the deadline before pinging, so even an immediate pong finds it.
    if (!this.suspended && this.pongTimer === null) {
      this.pongTimer = clock.setTimeout(() => {
        this.pongTimer = null;
        this.clear('pingTimer');
        this.options.onDead(`No reply to a WebSocket ping within ${Math.round(pongTimeoutMs / 1000)} s.`);
      }, pongTimeoutMs);
    }
    try {
      this.options.ping();
    } catch {
      // The socket is closing; its 'close' event follows.
    }
    this.pingTimer = clock.setTimeout(() => {
      this.pingTimer = null;
      this.tick();
    }, pingIntervalMs);
  }

  private clear(name: 'pingTimer' | 'pongTimer'): void {
    if (this[name] !== null) this.options.clock.clearTimeout(this[name]);
    this[name] = null;
  }
}
