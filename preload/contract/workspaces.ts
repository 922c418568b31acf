import { z } from 'zod';
import { event, invoke } from './define';

/** A place Capstan reads a fleet from: the training fleet, or an AWS profile in one region. */
export const workspaceSchema = z.object({
  id: z.string(),
  kind: z.enum(['training', 'profile']),
  /** What the operator reads in the picker: "Training fleet", "prod-admin · eu-west-1". */
  label: z.string(),
  profile: z.string().optional(),
  region: z.string(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const workspaceListSchema = z.object({
  workspaces: z.array(workspaceSchema),
  selectedId: z.string(),
  /** Set when the AWS config files could not be read; the training fleet still works. */
  configError: z.string().optional(),
});
export type WorkspaceList = z.infer<typeof workspaceListSchema>;

export const workspaceIdSchema = z.string().min(1).max(300);

export const workspaceChannels = {
  /** The training fleet plus every profile found in the AWS shared config files. */
  'workspaces:list-workspaces': invoke(z.object({}).strict(), workspaceListSchema),
  /** Makes a workspace the current one and starts a fleet sync for it. */
  'workspaces:select-workspace': invoke(z.object({ id: workspaceIdSchema }).strict(), workspaceSchema),
  /** The current workspace changed (by this window or at start-up). */
  'workspaces:selection-changed': event(workspaceSchema),
} as const;
