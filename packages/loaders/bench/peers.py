"""Python peers for the loaders benchmark: the same work, done the usual Python way, timed in-process."""
import json
import sys
import time

import numpy as np


def png(files):
    from PIL import Image

    start = time.perf_counter()
    nbytes = 0
    for f in files:
        with Image.open(f) as im:
            arr = np.asarray(im.convert('RGB'), dtype=np.float32) / 255.0
        nbytes += arr.nbytes
    return time.perf_counter() - start, nbytes


def nifti(files):
    import nibabel as nib

    start = time.perf_counter()
    nbytes = 0
    for f in files:
        arr = nib.load(f).get_fdata(dtype=np.float32)
        nbytes += arr.nbytes
    return time.perf_counter() - start, nbytes


def slide(args):
    import openslide

    path, size = args
    s = openslide.OpenSlide(path)
    w, h = s.level_dimensions[0]
    coords = [(x, y) for y in range(0, h - size + 1, size) for x in range(0, w - size + 1, size)]
    start = time.perf_counter()
    nbytes = 0
    for x, y in coords:
        arr = np.asarray(s.read_region((x, y), 0, (size, size)).convert('RGB'))
        nbytes += arr.nbytes
    return time.perf_counter() - start, len(coords)


if __name__ == '__main__':
    kind = sys.argv[1]
    items = json.load(sys.stdin)
    fn = {'png': png, 'nifti': nifti, 'slide': slide}[kind]
    fn(items[:5] if kind != 'slide' else items)  # warm-up: imports and file cache
    seconds, amount = fn(items)
    print(json.dumps({'seconds': seconds, 'amount': amount}))
