import { z } from 'zod';
import { ACCESS, ANATOMY, COUNT_UNIT, DIMENSIONALITY, FILE_FORMAT, LINK_KIND, MODALITY, TASK } from './vocabulary.ts';

/** The seed documents the catalog was first built from (see the repo's seed-names test data). */
export const SEED_FILES = ['000_f5e5dbaeaffe361b.txt', '001_325eea2dbb8a75cc.decoded.md'] as const;

export const datasetIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lowercase slugs: letters, digits and single dashes');

const nonEmpty = z.string().trim().min(1);
const httpUrl = z.url({ protocol: /^https?$/ });

/** A positive count, or null when unknown. Zero is never a valid count: it would read as "empty". */
const count = z.number().int().positive().nullable().default(null);

export const countsSchema = z.strictObject(
  Object.fromEntries(COUNT_UNIT.values.map((unit) => [unit, count])) as Record<
    (typeof COUNT_UNIT.values)[number],
    typeof count
  >,
);

export const bilingualSchema = z.strictObject({
  en: z.string().trim().min(30).max(800),
  zh: z.string().trim().min(15).max(500),
});

export const linkSchema = z.strictObject({
  kind: z.enum(LINK_KIND.values),
  url: httpUrl,
  /** True when the seed recorded this exact link; kept even when broken, so the correction is traceable. */
  fromSeed: z.boolean().default(false),
  /** `broken`: mangled, truncated or dead as recorded; `unverified`: not checked against the dataset's own page. */
  status: z.enum(['ok', 'broken', 'unverified']).default('ok'),
  label: nonEmpty.optional(),
});

/** The dataset fields a seed location or a correction can speak about. */
export const FACT_FIELDS = [
  'name',
  'modalities',
  'tasks',
  'anatomy',
  'diseases',
  'dimensionality',
  'fileFormats',
  'counts',
  'classes',
  'access',
  'license',
  'links',
  'year',
  'challenge',
  'citation',
] as const;
export type FactField = (typeof FACT_FIELDS)[number];

export const seedRefSchema = z.strictObject({
  file: z.enum(SEED_FILES),
  /** Where in the file: e.g. "summary table, row 12", "section 21", "CT table, row 7". */
  where: nonEmpty,
  /** The dataset's name exactly as spelled at that place. */
  name: nonEmpty,
  /** Which facts of the entry were taken from this place (after any correction below). */
  fields: z.array(z.enum(FACT_FIELDS)).default([]),
});

export const correctionSchema = z.strictObject({
  field: z.enum(FACT_FIELDS),
  /** What the seed said (quoted value, not prose). */
  seed: nonEmpty,
  /** The verified value now in the entry. */
  corrected: nonEmpty,
  /** Where the verified value comes from: the dataset's page or paper. */
  source: httpUrl,
  note: nonEmpty.optional(),
});

export const provenanceSchema = z.strictObject({
  seeds: z.array(seedRefSchema).min(1),
  corrections: z.array(correctionSchema).default([]),
  /** Pages and papers checked for this entry. */
  sources: z.array(httpUrl).default([]),
});

export const challengeSchema = z.strictObject({
  name: nonEmpty,
  year: z.number().int().min(1990).max(2030).nullable().default(null),
  url: httpUrl.optional(),
});

/**
 * SPDX license ids (https://spdx.org/licenses/) or a `LicenseRef-` id for custom terms,
 * e.g. `LicenseRef-TCIA-Restricted`, `LicenseRef-Kaggle-Competition`, `LicenseRef-research-only`.
 */
export const licenseSchema = z
  .string()
  .regex(/^(?:LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.+-]*)$/, 'an SPDX id or LicenseRef-…')
  .nullable()
  .default(null);

export const loaderInfoSchema = z.strictObject({
  recipe: nonEmpty,
  formats: z.array(z.enum(FILE_FORMAT.values)).min(1),
});

export const datasetSchema = z
  .strictObject({
    id: datasetIdSchema,
    name: nonEmpty.max(120),
    fullName: nonEmpty.max(300).optional(),
    /** Every other spelling the dataset is known by, including every seed spelling. */
    aliases: z.array(nonEmpty.max(120)).default([]),
    modalities: z.array(z.enum(MODALITY.values)).min(1),
    tasks: z.array(z.enum(TASK.values)).min(1),
    anatomy: z.array(z.enum(ANATOMY.values)).min(1),
    /** Lower-case English disease or finding names. */
    diseases: z.array(nonEmpty.max(80)).default([]),
    dimensionality: z.array(z.enum(DIMENSIONALITY.values)).min(1),
    fileFormats: z.array(z.enum(FILE_FORMAT.values)).default([]),
    counts: countsSchema.prefault({}),
    countsNote: nonEmpty.max(300).optional(),
    classes: z.array(nonEmpty.max(120)).nullable().default(null),
    access: z.enum(ACCESS.values),
    license: licenseSchema,
    links: z.array(linkSchema).min(1),
    year: z.number().int().min(1990).max(2030).nullable().default(null),
    citation: z
      .string()
      .trim()
      .regex(/^@\w+\{[^,]+,[\s\S]*\}$/, 'BibTeX: @type{key, …}')
      .nullable()
      .default(null),
    challenge: challengeSchema.nullable().default(null),
    /** A larger collection this entry is a part of (e.g. one task of the Medical Segmentation Decathlon). */
    partOf: datasetIdSchema.nullable().default(null),
    related: z.array(datasetIdSchema).default([]),
    description: bilingualSchema,
    /** False when a fact could not be checked against the dataset's own page or paper. */
    verified: z.boolean(),
    provenance: provenanceSchema,
    /** Set when the loaders SDK has a recipe for this dataset. */
    loader: loaderInfoSchema.nullable().default(null),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    for (const alias of [d.name, ...d.aliases]) {
      const key = alias.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['aliases'], message: `"${alias}" is listed twice` });
      seen.add(key);
    }
    if (d.related.includes(d.id))
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'an entry cannot relate to itself' });
  });

/** What a catalog record file writes (defaults not yet applied). */
export type DatasetInput = z.input<typeof datasetSchema>;
/** A validated catalog entry. */
export type Dataset = z.output<typeof datasetSchema>;
export type Counts = z.output<typeof countsSchema>;
export type Link = z.output<typeof linkSchema>;
export type Provenance = z.output<typeof provenanceSchema>;
export type Correction = z.output<typeof correctionSchema>;
export type SeedRef = z.output<typeof seedRefSchema>;
export type LoaderInfo = z.output<typeof loaderInfoSchema>;
