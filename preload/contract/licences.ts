import { z } from 'zod';
import { invoke } from './define';
import { inventoryNodesPageSchema } from './inventory';
import { workspaceIdSchema } from './workspaces';

/** Limits shared by the form, the CSV import and the file on disk. */
export const licenceLimits = {
  productLength: 200,
  matchLength: 200,
  /** A shorter name match ("a") would count nearly every application on every node. */
  nameMatchMin: 3,
  publisherLength: 200,
  noteLength: 1000,
  /** Larger than any seat count a licence agreement names; keeps the sums exact. */
  maxOwned: 10_000_000,
  maxLicences: 2000,
  /** A CSV of a few thousand rows is tens of KB; a bigger file is not a licence list. */
  csvBytes: 512 * 1024,
} as const;

/** A licence id as main issues it. */
export const licenceIdSchema = z.string().regex(/^lic-[0-9a-z-]{8,64}$/);

/**
 * How usage is counted: by the normalised product of AWS:Application rows ("Java 8", from the
 * inventory cache), or by a case-insensitive substring of the application name (and publisher).
 */
export const licenceMatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('product'), product: z.string().trim().min(1).max(licenceLimits.productLength) }).strict(),
  z
    .object({
      kind: z.literal('name'),
      name: z.string().trim().min(licenceLimits.nameMatchMin, `Use at least ${licenceLimits.nameMatchMin} characters of the application name.`).max(licenceLimits.matchLength),
      /** Empty: any publisher. */
      publisher: z.string().trim().max(licenceLimits.publisherLength),
    })
    .strict(),
]);
export type LicenceMatch = z.infer<typeof licenceMatchSchema>;

/** What the operator records: the product owned, how many, and how to count its use. */
export const licenceInputSchema = z
  .object({
    product: z.string().trim().min(1).max(licenceLimits.productLength),
    owned: z.number().int().min(0).max(licenceLimits.maxOwned),
    match: licenceMatchSchema,
    note: z.string().max(licenceLimits.noteLength),
  })
  .strict();
export type LicenceInput = z.infer<typeof licenceInputSchema>;

/** A stored licence. */
export const licenceSchema = licenceInputSchema.extend({ id: licenceIdSchema, updatedAt: z.number() });
export type Licence = z.infer<typeof licenceSchema>;

/** A licence with its use in the chosen workspaces. */
export const licenceUsageSchema = licenceSchema.extend({
  /** Distinct nodes with a matching application. */
  used: z.number().int(),
  /** owned − used: negative is over-use. */
  difference: z.number().int(),
});
export type LicenceUsage = z.infer<typeof licenceUsageSchema>;

/**
 * Why licences.json was set aside at start-up; the operator is told where it went. With
 * 'records-skipped' the readable records were kept and `skipped` says which were left out and why.
 */
export const licenceFileRecoverySchema = z.object({
  reason: z.enum(['corrupt', 'newer-than-app', 'records-skipped']),
  movedTo: z.string(),
  detail: z.string(),
  at: z.number(),
  skipped: z.array(z.object({ record: z.number().int(), product: z.string(), detail: z.string() })),
});
export type LicenceFileRecovery = z.infer<typeof licenceFileRecoverySchema>;

export const licenceListSchema = z.object({
  licences: z.array(licenceUsageSchema),
  recovery: licenceFileRecoverySchema.nullable(),
  /** Where the licences are kept, for the operator who backs them up. */
  file: z.string(),
});
export type LicenceList = z.infer<typeof licenceListSchema>;

/** A normalised product seen in the inventory cache, for the picker. */
export const licenceProductSchema = z.object({ product: z.string(), family: z.string(), nodeCount: z.number().int() });
export type LicenceProduct = z.infer<typeof licenceProductSchema>;

/** Why one CSV row was not imported; `code` is translated by the screen, `message` is for logs. */
export const csvRowProblemSchema = z.object({
  line: z.number().int(),
  code: z.enum([
    'missing-product',
    'product-too-long',
    'missing-owned',
    'owned-not-whole',
    'owned-negative',
    'owned-too-large',
    'unknown-match-kind',
    'missing-match',
    'match-too-short',
    'match-too-long',
    'publisher-needs-name-match',
    'publisher-too-long',
    'note-too-long',
    'too-many-fields',
    'duplicate-product',
    'unclosed-quote',
    'stray-quote',
    'too-many-licences',
  ]),
  /** The offending value (or the product, or the first line of a duplicate), for the message. */
  value: z.string(),
  message: z.string(),
});
export type CsvRowProblem = z.infer<typeof csvRowProblemSchema>;

/** Why a whole CSV file was refused before any row was read. */
export const csvFileProblemSchema = z.object({
  code: z.enum(['empty', 'too-large', 'binary', 'not-utf8', 'no-header', 'wrong-delimiter', 'unknown-column', 'duplicate-column', 'no-rows']),
  value: z.string(),
  message: z.string(),
});
export type CsvFileProblem = z.infer<typeof csvFileProblemSchema>;

export const csvImportResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('imported'),
    /** Data rows read (blank lines not counted). */
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    rejected: z.array(csvRowProblemSchema),
  }),
  z.object({ status: z.literal('refused'), problem: csvFileProblemSchema }),
]);
export type CsvImportResult = z.infer<typeof csvImportResultSchema>;

const workspaces = z.array(workspaceIdSchema).min(1).max(50);

export const licenceChannels = {
  /** Every licence with its used count and over/under use in the chosen workspaces. */
  'licences:list-licences': invoke(z.object({ workspaceIds: workspaces }).strict(), licenceListSchema),
  /** Creates a licence (no id) or replaces one; the product name is unique, case-insensitively. */
  'licences:save-licence': invoke(z.object({ id: licenceIdSchema.optional(), licence: licenceInputSchema }).strict(), licenceSchema),
  /** Deletes one licence. */
  'licences:delete-licence': invoke(z.object({ id: licenceIdSchema }).strict(), z.object({ deleted: z.boolean() })),
  /** Normalised products in the inventory cache, with node counts, for the picker. */
  'licences:list-products': invoke(z.object({ workspaceIds: workspaces }).strict(), z.object({ products: z.array(licenceProductSchema) })),
  /** Imports CSV text: good rows upserted by product, each bad row reported with its line number. */
  'licences:import-csv': invoke(
    // The service's own limit (licenceLimits.csvBytes) gives the clear message; this only bounds the message size.
    z.object({ text: z.string().max(licenceLimits.csvBytes * 4) }).strict(),
    csvImportResultSchema,
  ),
  /** The nodes behind a licence's used count, paged. */
  'licences:list-nodes': invoke(
    z
      .object({
        id: licenceIdSchema,
        workspaceIds: workspaces,
        limit: z.number().int().min(1).max(1000).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
      })
      .strict(),
    inventoryNodesPageSchema,
  ),
} as const;
