// A minimal protobuf wire-format reader: just what the OTLP trace messages need (varints, fixed
// 32/64, length-delimited fields, skipping unknown fields). Every read is bounds-checked against
// the end of the current message, and a malformed body throws `OtlpDecodeError`, never anything else.
import { OtlpDecodeError } from './otlp-model.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

// Fatal: protobuf `string` fields must be UTF-8, and a silent U+FFFD would hide the sender's bug.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ProtoReader {
  pos: number;
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  readonly #end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.#end = end;
  }

  get done(): boolean {
    return this.pos >= this.#end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wireType: number } {
    const key = this.uint32();
    const field = key >>> 3;
    if (field === 0) throw new OtlpDecodeError(`invalid protobuf: field number 0 at byte ${this.pos}`);
    return { field, wireType: key & 7 };
  }

  /** A varint, keeping its low 32 bits (uint32 / enum fields). */
  uint32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const byte = this.#byte();
      if (shift < 32) result |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result >>> 0;
    }
    throw new OtlpDecodeError(`invalid protobuf: varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A varint as a signed 64-bit integer (int64 fields). */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.#byte();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return BigInt.asIntN(64, result);
    }
    throw new OtlpDecodeError(`invalid protobuf: varint longer than 10 bytes at byte ${this.pos}`);
  }

  fixed64(): bigint {
    this.#need(8);
    const v = this.#view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.#need(8);
    const v = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  fixed32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  bytes(): Uint8Array {
    const length = this.#length();
    this.#need(length);
    const out = this.#buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(): string {
    const at = this.pos;
    const bytes = this.bytes();
    try {
      return utf8.decode(bytes);
    } catch {
      throw new OtlpDecodeError(`invalid protobuf: a string field at byte ${at} is not valid UTF-8`);
    }
  }

  /** A reader over the embedded message that starts here; this reader moves past it. */
  message(): ProtoReader {
    const length = this.#length();
    this.#need(length);
    const sub = new ProtoReader(this.#buf, this.pos, this.pos + length);
    this.pos += length;
    return sub;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.int64();
        return;
      case WIRE_FIXED64:
        this.#need(8);
        this.pos += 8;
        return;
      case WIRE_LENGTH_DELIMITED:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.#need(4);
        this.pos += 4;
        return;
      default:
        throw new OtlpDecodeError(`invalid protobuf: unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }

  /** Fails unless the field has the wire type its schema says. */
  expect(field: number, wireType: number, expected: number, what: string): void {
    if (wireType !== expected) throw new OtlpDecodeError(`invalid protobuf: ${what} (field ${field}) has wire type ${wireType}, expected ${expected}`);
  }

  /**
   * A length prefix: at most 5 bytes and under 2 GiB (protobuf's own message limit). `uint32()` would
   * keep the low bits of a 10-byte varint and read 2^63 as 0.
   */
  #length(): number {
    let result = 0;
    for (let i = 0, shift = 0; i < 5; i++, shift += 7) {
      const byte = this.#byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (result > 0x7fffffff) break;
        return result;
      }
    }
    throw new OtlpDecodeError(`invalid protobuf: a length prefix over 2 GiB at byte ${this.pos}`);
  }

  #byte(): number {
    if (this.pos >= this.#end) throw new OtlpDecodeError('invalid protobuf: message truncated');
    return this.#buf[this.pos++] as number;
  }

  #need(n: number): void {
    if (n < 0 || this.pos + n > this.#end) throw new OtlpDecodeError('invalid protobuf: message truncated');
  }
}
