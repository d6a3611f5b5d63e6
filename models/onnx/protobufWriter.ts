/**
 * A minimal protobuf encoder: enough to write ONNX models (and Caffe test models) without a
 * schema compiler. Fields are written in the order they are called. Byte payloads are kept
 * by reference until finish(), so large tensors are copied once per nesting level only.
 */
export class ProtoWriter {
  #chunks: Uint8Array[] = [];
  #length = 0;

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }

  /** Unsigned LEB128; negative int64 values are written as their two's complement (10 bytes). */
  #varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    this.#push(Uint8Array.from(out));
  }

  #key(field: number, wireType: number): void {
    this.#varint((field << 3) | wireType);
  }

  /** int32/int64/uint64/enum/bool (wire type 0). */
  int(field: number, value: number | bigint): this {
    if (typeof value === 'number' && !Number.isInteger(value)) {
      throw new RangeError(`protobuf field ${field}: ${value} is not an integer`);
    }
    this.#key(field, 0);
    this.#varint(value);
    return this;
  }

  /** float (wire type 5, little-endian IEEE 754). */
  float(field: number, value: number): this {
    this.#key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.#push(b);
    return this;
  }

  /** A packed repeated float field (proto3 default encoding for repeated scalars). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, b);
  }

  /** A packed repeated varint field (int32/int64). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.#varint(v);
    return this.bytes(field, inner.finish());
  }

  bytes(field: number, value: Uint8Array): this {
    this.#key(field, 2);
    this.#varint(value.length);
    this.#push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const c of this.#chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}
