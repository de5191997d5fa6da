/**
 * Every catalog record, grouped in files by where the seeds listed them. Records are plain data,
 * reviewed like code; validation happens once in catalog.ts.
 */
import type { DatasetInput } from '../schema.ts';
import { records as cellsMultimodalPet } from './cells-multimodal-pet.ts';
import { records as ctA } from './ct-a.ts';
import { records as ctB } from './ct-b.ts';
import { records as eyeSkin } from './eye-skin.ts';
import { records as mriUltrasoundEndoscopy } from './mri-ultrasound-endoscopy.ts';
import { records as pathologyA } from './pathology-a.ts';
import { records as pathologyB } from './pathology-b.ts';

export const allRecords: readonly DatasetInput[] = [
  ...ctA,
  ...ctB,
  ...mriUltrasoundEndoscopy,
  ...cellsMultimodalPet,
  ...eyeSkin,
  ...pathologyA,
  ...pathologyB,
];
