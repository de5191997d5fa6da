import { describe, expect, it } from 'vitest';
import { isHanToken, tokenize, tokenizeName } from '../src/tokenize.ts';

describe('tokenize', () => {
  it('splits Chinese runs into overlapping bigrams and Latin text into words, in text order', () => {
    expect(tokenize('CT 肺结节检测 of the lung')).toEqual(['ct', '肺结', '结节', '节检', '检测', 'lung']);
  });

  it('keeps a lone Han character, including one outside the Basic Multilingual Plane', () => {
    expect(tokenize('肺 𠀀')).toEqual(['肺', '𠀀']);
    expect(tokenize('𠀀𠀁')).toEqual(['𠀀𠀁']);
  });

  it('separates Han from letters and digits written against it, and folds width and case', () => {
    expect(tokenize('MRI图像２３Ｄ')).toEqual(['mri', '图像', '23d']);
  });

  it('keeps each term once and drops stop words', () => {
    expect(tokenize('the lung and the lung')).toEqual(['lung']);
  });

  it('adds the joined form of a name', () => {
    expect(tokenizeName('Kvasir-SEG')).toEqual(['kvasir', 'seg', 'kvasirseg']);
  });

  it('tells Han grams from Latin words', () => {
    expect(isHanToken('肺结')).toBe(true);
    expect(isHanToken('lung')).toBe(false);
  });
});
