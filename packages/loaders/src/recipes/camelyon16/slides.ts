import { asapXml, writeSlideTiff, writeText } from '../fixture-kit.ts';

/** H&E-like pink tissue with a darker purple square where the fixture's tumour polygon is. */
export function paintTissue(tumour?: [number, number, number, number]) {
  return (x: number, y: number): [number, number, number] => {
    const inside = tumour && x >= tumour[0] && y >= tumour[1] && x < tumour[2] && y < tumour[3];
    const n = (x * 7 + y * 13) % 11;
    return inside ? [120 + n, 60 + n, 150 + n] : [230 - n, 160 + n, 200 - n];
  };
}

/** A 96 × 64 pyramidal TIFF slide and, for tumour slides, its ASAP XML with one polygon. */
export async function writeCamelyonSlide(tif: string, xml?: string, group = '_0'): Promise<void> {
  const box: [number, number, number, number] = [8, 8, 56, 40];
  await writeSlideTiff(tif, 96, 64, paintTissue(xml ? box : undefined), { tile: 32 });
  if (xml) {
    const [x0, y0, x1, y1] = box;
    await writeText(
      xml,
      asapXml([
        {
          name: 'Annotation 0',
          group,
          points: [
            [x0, y0],
            [x1, y0],
            [x1, y1],
            [x0, y1],
          ],
        },
      ]),
    );
  }
}

/** What the harness passes for slide fixtures: 32-pixel tiles at level 0, all kept (6 per slide). */
export const FIXTURE_TILING = { size: 32, level: 0, minTissue: 0 };
export const FIXTURE_TILES = 6;
