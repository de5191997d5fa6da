/**
 * Name normalization shared by alias lookup and suggestions: case, width (full-width Latin in
 * Chinese text), and spacing/punctuation differences never make two spellings different names.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.()（）/·,，]+/g, '');
}
