import type { Agent } from 'node:http';
import type { SessionState } from '../../preload/contract/sessions';

/**
 * The data-channel client as the session service uses it: the agreed surface of
 * `protocol/data-channel-client.ts`, kept here so the service can be driven by a fake in tests.
 */
export interface DataChannelClientLike {
  readonly state: SessionState;
  start(): void;
  sendInput(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  pauseOutput(): void;
  resumeOutput(): void;
  reconnect(): void;
  terminate(): Promise<void>;
  forceClose(reason: string): void;
}

/** What the service hands the channel factory for one session (token and URL never leave main). */
export interface ChannelOptions {
  readonly sessionId: string;
  readonly streamUrl: string;
  readonly tokenValue: string;
  readonly terminalSize: { readonly cols: number; readonly rows: number };
  /** StartSession Target: part of the KMS encryption context (session-protocol.md §8 step 2). */
  readonly targetId: string;
  readonly resumeSession: () => Promise<{ streamUrl?: string; tokenValue: string }>;
  readonly terminateSession: () => Promise<void>;
  readonly generateDataKey: (input: {
    keyId: string;
    encryptionContext: Record<string, string>;
  }) => Promise<{ plaintext: Uint8Array; ciphertextBlob: Uint8Array }>;
  readonly onOutput: (chunk: Uint8Array, stream: 'stdout' | 'stderr') => void;
  readonly onStateChange: (state: SessionState) => void;
  /** The workspace's network for the stream URL (proxy, CA bundle); absent means a direct connection. */
  readonly webSocketAgent?: (url: string) => Agent;
}

/** Creates (but does not start) a data channel for one session. */
export type CreateChannel = (options: ChannelOptions) => DataChannelClientLike;
