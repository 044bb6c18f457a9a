// Near-valid inputs: a valid input with a few bytes flipped, inserted, removed, repeated or cut off.
// Random noise alone rarely gets past a parser's first check; mutations of valid inputs reach
// the code behind it.
import fc from 'fast-check';

type Edit = (input: Buffer) => Buffer;

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }).map(({ at, byte }) => (b: Buffer) => {
    if (b.length === 0) return Buffer.from([byte]);
    const copy = Buffer.from(b);
    copy[at % b.length] = byte;
    return copy;
  }),
  fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }).map(({ at, bytes }) => (b: Buffer) => {
    const i = b.length === 0 ? 0 : at % (b.length + 1);
    return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
  }),
  fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }).map(({ at, length }) => (b: Buffer) => {
    if (b.length === 0) return b;
    const i = at % b.length;
    return Buffer.concat([b.subarray(0, i), b.subarray(i + length)]);
  }),
  fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }).map(({ at, length }) => (b: Buffer) => {
    if (b.length === 0) return b;
    const i = at % b.length;
    const piece = b.subarray(i, i + length);
    return Buffer.concat([b.subarray(0, i), piece, piece, b.subarray(i)]);
  }),
  fc.nat().map((at) => (b: Buffer) => (b.length === 0 ? b : b.subarray(0, at % b.length))),
);

/** One of `valid`, changed by 1 to 4 random edits. */
export function mutatedBytes(valid: readonly Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...valid), fc.array(edit, { minLength: 1, maxLength: 4 }))
    .map(([input, edits]) => edits.reduce((b, e) => e(b), input));
}

/** Text version of mutatedBytes (the edits work on UTF-8 bytes, so broken characters happen too). */
export function mutatedText(valid: readonly string[]): fc.Arbitrary<string> {
  return mutatedBytes(valid.map((s) => Buffer.from(s, 'utf8'))).map((b) => b.toString('utf8'));
}

/** Either a mutation of a valid input, or noise of the same kind. */
export function nearValidText(valid: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: mutatedText(valid) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) }, { weight: 1, arbitrary: fc.constantFrom(...valid) });
}
