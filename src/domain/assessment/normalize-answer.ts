/**
 * Canonical form of a typed answer: NFKC folds full-width letters, digits and punctuation to half-width,
 * then case, spaces and punctuation (Chinese and ASCII) are dropped, so 「首问负责」, "首问 负责。" and
 * "首问负责!" compare equal.
 */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}
