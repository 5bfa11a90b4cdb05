/** 26 base32 characters from the low 5 bits of 26 random bytes: 130 random bits, not guessable or enumerable. */
export function newVerificationCode(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...crypto.getRandomValues(new Uint8Array(26))].map((b) => alphabet[b & 31]).join('');
}
