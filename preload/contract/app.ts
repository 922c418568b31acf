import { z } from 'zod';
import { invoke } from './define';

/** Hosts the renderer may send the operator to, in the system browser. Anything else is refused. */
export const externalHostAllowlist = [
  'console.aws.amazon.com',
  'docs.aws.amazon.com',
  'aws.amazon.com',
] as const;

export const appInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  /** Set when the local cache was unreadable or too new at start-up and was moved aside and rebuilt. */
  cacheRecovery: z
    .object({ reason: z.enum(['corrupt', 'newer-than-app']), movedTo: z.string() })
    .nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appChannels = {
  /** Version and platform for the about line and bug reports. */
  'app:get-info': invoke(z.object({}).strict(), appInfoSchema),
  /** Opens an allowlisted https URL (AWS console, docs) in the system browser. */
  'app:open-external': invoke(z.object({ url: z.string().max(2048) }).strict(), z.object({ opened: z.literal(true) })),
} as const;
