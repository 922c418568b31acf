import type { WebSocket } from 'ws';

/**
 * Runs `write` with the WebSocket's underlying net socket corked, so every message sent meanwhile
 * leaves in one writev instead of one syscall each (§16). ws has no batch send and does not expose
 * its socket in its types; when the socket is not reachable (a test double) `write` simply runs.
 */
export function corkSocket(socket: WebSocket, write: () => void): void {
  const raw = (socket as unknown as { _socket?: { cork?: () => void; uncork?: () => void } })._socket;
  raw?.cork?.();
  try {
    write();
  } finally {
    raw?.uncork?.();
  }
}
