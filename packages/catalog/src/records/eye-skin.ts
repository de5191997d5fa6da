import type { DatasetInput } from '../schema.ts';

export const records: DatasetInput[] = [];
