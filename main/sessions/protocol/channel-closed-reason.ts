import { ChannelErrorCode } from './data-channel-types';

const ERROR_MARKER = /-+ERROR-+/;

/** Reason and errorCode of the closed state for a channel_closed Output (§11.1). */
export function channelClosedOutcome(
  output: string,
  context: { readonly terminating: boolean; readonly handshakeError: string | null },
): { reason: string; errorCode?: string } {
  // The agent formats failures as "\n----------ERROR-------\n<text>"; the marker is noise to an operator.
  const text = output.replace(/^\s*-+ERROR-+\s*/, '').trim();
  const { handshakeError } = context;
  if (handshakeError) {
    return { reason: text ? `${text} (${handshakeError})` : handshakeError, errorCode: ChannelErrorCode.HandshakeFailed };
  }
  if (ERROR_MARKER.test(output)) return { reason: text, errorCode: ChannelErrorCode.AgentError };
  if (context.terminating && !text) return { reason: 'Session terminated.' };
  return { reason: text || 'Session ended.' };
}
