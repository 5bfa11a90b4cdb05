/**
 * Headers on every response, static files included. Script and style sources are governed by the
 * Content-Security-Policy <meta> Astro writes into each page (with hashes of its own scripts and styles);
 * this header adds what a <meta> policy cannot carry, such as frame-ancestors.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'microphone=(self), camera=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
