import type { z } from 'zod';
import type { runbookChannels } from '../../preload/contract/runbooks';

/** A prepare request as the router hands it over (already parsed by the contract). */
export type RunbookRequest = z.output<(typeof runbookChannels)['runbooks:prepare-run']['request']>;

/** A run request: the same, plus what the operator typed to confirm. */
export type RunRequest = z.output<(typeof runbookChannels)['runbooks:start-run']['request']>;
