import WebSocket from 'ws';
import { DataChannelClient } from './protocol/data-channel-client';
import type { CreateChannel } from './session-channel';

/** The app's channel factory: the real protocol client over `ws`. */
export const createDataChannel: CreateChannel = ({ webSocketAgent, ...options }) =>
  new DataChannelClient({
    ...options,
    // The data channel goes through the same proxy and trusts the same CA bundle as the SSM calls.
    ...(webSocketAgent ? { openSocket: (url: string) => new WebSocket(url, { perMessageDeflate: false, agent: webSocketAgent(url) }) } : {}),
  });
