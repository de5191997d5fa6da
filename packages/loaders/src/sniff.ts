import type { DecodeFormat } from './errors.ts';

/** Name a file's format from its first bytes, so errors say what the file is, not what its name claims. */
export function sniffFormat(head: Uint8Array): DecodeFormat | 'gzip' | 'unknown' {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8) return 'jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'gif';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'bmp';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45) return 'webp';
  if ((b(0) === 0x49 && b(1) === 0x49) || (b(0) === 0x4d && b(1) === 0x4d)) return 'tiff';
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip';
  return 'unknown';
}

/** Guess the format from a file name, for errors about files too short to sniff. */
export function formatFromName(path: string): DecodeFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) return 'nifti';
  if (lower.endsWith('.tif') || lower.endsWith('.tiff') || lower.endsWith('.svs')) return 'tiff';
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'jpeg';
  if (lower.endsWith('.gif')) return 'gif';
  if (lower.endsWith('.bmp')) return 'bmp';
  if (lower.endsWith('.webp')) return 'webp';
  return 'image';
}
