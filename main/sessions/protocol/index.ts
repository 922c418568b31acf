/** Public surface of the Session Manager data-channel protocol (client and shared agent-side pieces). */
export * from './codec';
export * from './payloads';
export * from './kms-crypto';
export * from './clock';
export * from './outgoing-buffer';
export * from './incoming-buffer';
export * from './frames';
export * from './handshake';
export * from './reconnect-policy';
export * from './data-channel-types';
export * from './data-channel-client';
export * from './client-helpers';
export * from './ack-batcher';
export * from './liveness-monitor';
export * from './send-queue';
export * from './channel-closed-reason';
