import type { WebSocket } from 'ws';
import type { Clock } from './clock';
import type { FrameErrorReason } from './codec';
import type { GenerateDataKey } from './handshake';
import type { RetransmitTuning } from './outgoing-buffer';
import { defaultReconnectTuning, type ReconnectTuning } from './reconnect-policy';

/** Where a data channel stands, as the UI shows it. */
export type ChannelState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected'; readonly encrypted: boolean }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly reason: string }
  | { readonly kind: 'closed'; readonly reason: string; readonly exitCode: number | null; readonly errorCode?: string };

/** errorCode values of the closed state; absent on a normal end. */
export const ChannelErrorCode = {
  AgentError: 'AgentError',
  HandshakeFailed: 'HandshakeFailed',
  DecryptFailed: 'DecryptFailed',
  ResendTimeout: 'ResendTimeout',
  ReconnectFailed: 'ReconnectFailed',
  SessionExpired: 'SessionExpired',
  ForceClosed: 'ForceClosed',
  InternalError: 'InternalError',
} as const;

/** Timings of the client; every field has a default. */
export interface DataChannelTuning {
  readonly retransmit: Partial<RetransmitTuning>;
  readonly reconnect: ReconnectTuning;
  /** WebSocket ping period (ms); the plugin's 5 min cannot notice a dead peer (§10). */
  readonly pingIntervalMs: number;
  /** A ping without a pong this long means the socket is dead (ms). */
  readonly pongTimeoutMs: number;
  /** Most sequenced messages in flight before input waits (a send window the plugin lacks, §5.2). */
  readonly maxInFlight: number;
  /** How long terminate() waits for channel_closed before closing locally (ms). */
  readonly terminateWaitMs: number;
  /**
   * Longest wait on an open socket for HandshakeComplete or the first Output (ms). A socket that
   * answers pings while the agent never speaks would otherwise show "connecting" forever.
   */
  readonly readyTimeoutMs: number;
}

/** Default timings: ping every 30 s, pong within 20 s, 256 messages in flight, 5 s terminate wait, 90 s to become ready. */
export const defaultDataChannelTuning: DataChannelTuning = {
  retransmit: {},
  reconnect: defaultReconnectTuning,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 20_000,
  maxInFlight: 256,
  terminateWaitMs: 5_000,
  // Well above the agent's two 15 s handshake phases (§6.3) plus KMS retries on a slow link.
  readyTimeoutMs: 90_000,
};

/** 4-part version above 1.2.331.0, so agents disable smux keep-alive and use current behaviour (§6.3). */
export const CLIENT_VERSION = '1.2.707.0';

/** Why received frames were dropped, with counts. */
export type DropReason = FrameErrorReason | 'text-frame' | 'bad-payload' | 'window-full' | 'unknown-payload-type';

/** Counters a status bar or a test can read. */
export interface DataChannelStats {
  readonly framesReceived: number;
  readonly outputBytes: number;
  readonly duplicates: number;
  readonly retransmissions: number;
  readonly dropped: Readonly<Partial<Record<DropReason, number>>>;
  readonly lastDrop: string | null;
  readonly smoothedRttMs: number;
  readonly rtoMs: number;
  readonly inputSequence: number;
  readonly outputExpected: number;
}

/** Dependencies and callbacks of one data channel. */
export interface DataChannelClientOptions {
  readonly sessionId: string;
  readonly streamUrl: string;
  readonly tokenValue: string;
  readonly terminalSize: { readonly cols: number; readonly rows: number };
  /** Calls SSM ResumeSession; returns the rotated token and, when given, a new StreamUrl. */
  readonly resumeSession: () => Promise<{ streamUrl?: string; tokenValue: string }>;
  /** Calls SSM TerminateSession (the client ignores "not in a valid state"). */
  readonly terminateSession: () => Promise<void>;
  /** Calls KMS GenerateDataKey with NumberOfBytes 64 (§8) for KMS-encrypted sessions. */
  readonly generateDataKey?: GenerateDataKey;
  /** StartSession Target; goes into the KMS encryption context as aws:ssm:TargetId (§8 step 2). */
  readonly targetId?: string;
  /** WebSocket factory (default: `new WebSocket(url, { perMessageDeflate: false })` from `ws`). */
  readonly openSocket?: (url: string) => WebSocket;
  readonly clock?: Clock;
  /** Stable per session object; defaults to a random UUID (§2.3). */
  readonly clientId?: string;
  readonly clientVersion?: string;
  readonly tuning?: Partial<DataChannelTuning>;
  /** Output for the terminal, in order, each byte once, already decrypted. The chunk may be a view: copy to keep it. */
  readonly onOutput: (chunk: Uint8Array, stream: 'stdout' | 'stderr') => void;
  readonly onStateChange: (state: ChannelState) => void;
}
