/** Starlight's axe tag set, used on every page these specs touch. */
export const axeTags = ['wcag2a', 'wcag21a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
