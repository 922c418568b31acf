import { DataChannelClient } from './protocol/data-channel-client';
import type { CreateChannel } from './session-channel';

/** The app's channel factory: the real protocol client over `ws`. */
export const createDataChannel: CreateChannel = (options) => new DataChannelClient(options);
