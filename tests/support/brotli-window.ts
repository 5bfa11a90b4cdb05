/** WBITS of a brotli stream's header, read least significant bit first (RFC 7932, section 9.1). */
export function brotliWindowBits(stream: Buffer): number {
  let bit = 0;
  const read = (n: number) => {
    let value = 0;
    for (let i = 0; i < n; i++, bit++) value |= ((stream[bit >> 3]! >> (bit & 7)) & 1) << i;
    return value;
  };
  if (read(1) === 0) return 16;
  const large = read(3);
  if (large) return 17 + large;
  const small = read(3);
  return small === 0 ? 17 : 8 + small;
}
