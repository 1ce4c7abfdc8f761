/**
 * Characters that change how text reads without being seen: format controls
 * (zero-width spaces and joiners, bidirectional embeddings, overrides and
 * isolates, the byte-order mark, tag characters), Hangul fillers and
 * variation selectors. U+202E makes `photo\u202Egpj.exe` read as `photoexe.jpg`.
 */
const INVISIBLE = /\p{Cf}|\p{Variation_Selector}|\u115F|\u1160|\u3164|\uFFA0/gu;

const ANY_INVISIBLE = new RegExp(INVISIBLE.source, 'u');

export const hasInvisible = (text: string): boolean => ANY_INVISIBLE.test(text);

export const stripInvisible = (text: string): string => text.replace(INVISIBLE, '');
