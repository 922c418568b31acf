// One subscription to session output for the whole renderer, routed to each tab's pump.
import type { BridgeApi } from '../../../../preload/contract/bridge-api';
import type { SessionState } from '../../../../preload/contract/sessions';
import { OutputPump } from './output-pump';

type SessionsApi = BridgeApi['sessions'];

/** Routes `sessions:output-received` to per-session pumps and `sessions:state-changed` to listeners. */
export class SessionHub {
  private readonly pumps = new Map<string, OutputPump>();
  private readonly forgotten = new Set<string>();
  private readonly stateListeners = new Set<(sessionId: string, state: SessionState) => void>();

  constructor(
    private readonly api: SessionsApi,
    private readonly onAckError: (sessionId: string, error: unknown) => void = () => undefined,
  ) {}

  /** Subscribes to main's session events; returns the unsubscribe. Pumps survive a reconnect of the listeners. */
  connect(): () => void {
    const api = this.api;
    // Output may arrive before StartSession's reply reaches the tab: the pump keeps it (unacked,
    // so main's high-water mark bounds it) until a terminal attaches.
    const offOutput = api.onOutputReceived((o) => {
      if (!this.forgotten.has(o.sessionId)) this.pump(o.sessionId).push(o.data, o.bytes);
    });
    const offState = api.onStateChanged((s) => {
      for (const listener of this.stateListeners) listener(s.sessionId, s.state);
    });
    return () => {
      offOutput();
      offState();
    };
  }

  /** The pump of a session, created on first use. */
  pump(sessionId: string): OutputPump {
    let pump = this.pumps.get(sessionId);
    if (!pump) {
      pump = new OutputPump((bytes) => {
        this.api.ackOutput({ sessionId, bytes }).then(
          (result) => {
            if (!result.ok) this.onAckError(sessionId, result.error);
          },
          (error: unknown) => this.onAckError(sessionId, error),
        );
      });
      this.pumps.set(sessionId, pump);
    }
    return pump;
  }

  /** Listens to state changes of every session; returns the unsubscribe function. */
  onStateChanged(listener: (sessionId: string, state: SessionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Forgets a session whose tab was closed. */
  forget(sessionId: string): void {
    // Late output of a closed tab would otherwise sit in a new pump that nothing ever drains.
    this.forgotten.add(sessionId);
    this.pumps.delete(sessionId);
  }
}
