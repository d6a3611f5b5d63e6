/**
 * A minimal protobuf decoder, the reading half of models/onnx/protobufWriter.ts: enough to
 * walk a caffemodel without a schema compiler. A message is read into a map from field
 * number to its raw occurrences; typed accessors interpret them the way protobuf does
 * (last one wins for scalars; repeated scalars may be packed or not). Sub-messages and
 * float arrays are views or copies of the file's bytes, read only when asked for, so a
 * 100 MB caffemodel is walked without decoding the layers nobody looks at.
 */
export type WireValue =
  | { wire: 0; value: bigint } // varint
  | { wire: 1; offset: number } // 64-bit
  | { wire: 2; bytes: Uint8Array } // length-delimited
  | { wire: 5; offset: number }; // 32-bit

export class ProtoMessage {
  readonly #fields = new Map<number, WireValue[]>();
  readonly #view: DataView;

  constructor(bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let pos = 0;
    const varint = (): bigint => {
      let result = 0n;
      let shift = 0n;
      for (;;) {
        if (pos >= bytes.length) throw new Error('truncated protobuf varint');
        const b = bytes[pos++]!;
        result |= BigInt(b & 0x7f) << shift;
        if ((b & 0x80) === 0) return result;
        shift += 7n;
        if (shift > 70n) throw new Error('malformed protobuf varint');
      }
    };
    while (pos < bytes.length) {
      const key = Number(varint());
      const field = key >>> 3;
      const wire = key & 7;
      let v: WireValue;
      if (wire === 0) v = { wire, value: varint() };
      else if (wire === 1) {
        v = { wire, offset: pos };
        pos += 8;
      } else if (wire === 2) {
        const len = Number(varint());
        if (pos + len > bytes.length) throw new Error(`truncated protobuf field ${field}`);
        v = { wire, bytes: bytes.subarray(pos, pos + len) };
        pos += len;
      } else if (wire === 5) {
        v = { wire, offset: pos };
        pos += 4;
      } else {
        throw new Error(`unsupported protobuf wire type ${wire} (field ${field})`);
      }
      if (pos > bytes.length) throw new Error(`truncated protobuf field ${field}`);
      let list = this.#fields.get(field);
      if (!list) this.#fields.set(field, (list = []));
      list.push(v);
    }
  }

  has(field: number): boolean {
    return this.#fields.has(field);
  }

  #all(field: number): WireValue[] {
    return this.#fields.get(field) ?? [];
  }

  string(field: number): string | undefined {
    const v = this.#all(field).at(-1);
    return v?.wire === 2 ? new TextDecoder().decode(v.bytes) : undefined;
  }

  strings(field: number): string[] {
    const decoder = new TextDecoder();
    return this.#all(field).flatMap((v) => (v.wire === 2 ? [decoder.decode(v.bytes)] : []));
  }

  /** An int32/int64/uint/enum/bool scalar (the last occurrence, as protobuf merges). */
  int(field: number): number | undefined {
    return this.ints(field).at(-1);
  }

  /** A repeated integer field, packed or not; int32 negatives come back negative. */
  ints(field: number): number[] {
    const out: number[] = [];
    for (const v of this.#all(field)) {
      if (v.wire === 0) out.push(Number(BigInt.asIntN(64, v.value)));
      else if (v.wire === 2) {
        for (const x of new ProtoMessage(packedAsVarints(v.bytes)).#all(1)) {
          if (x.wire === 0) out.push(Number(BigInt.asIntN(64, x.value)));
        }
      }
    }
    return out;
  }

  float(field: number): number | undefined {
    const v = this.#all(field).at(-1);
    return v?.wire === 5 ? this.#view.getFloat32(v.offset, true) : undefined;
  }

  /** A repeated float field, packed (one or several runs) or not, copied out. */
  floats(field: number): Float32Array {
    const list = this.#all(field);
    let count = 0;
    for (const v of list) count += v.wire === 2 ? v.bytes.length >> 2 : v.wire === 5 ? 1 : 0;
    const out = new Float32Array(count);
    let i = 0;
    for (const v of list) {
      if (v.wire === 5) out[i++] = this.#view.getFloat32(v.offset, true);
      else if (v.wire === 2) {
        const n = v.bytes.length >> 2;
        // Copy through an aligned buffer: offsets in the file are not 4-byte aligned in
        // general (and a Buffer's slice() would share its pool instead of copying).
        const aligned = new Uint8Array(n * 4);
        aligned.set(v.bytes.subarray(0, n * 4));
        out.set(new Float32Array(aligned.buffer), i);
        i += n;
      }
    }
    return out;
  }

  /** A repeated double field (BlobProto.double_data), packed or not, as float32. */
  doubles(field: number): Float32Array {
    const values: number[] = [];
    for (const v of this.#all(field)) {
      if (v.wire === 1) values.push(this.#view.getFloat64(v.offset, true));
      else if (v.wire === 2) {
        const view = new DataView(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength);
        for (let o = 0; o + 8 <= v.bytes.length; o += 8) values.push(view.getFloat64(o, true));
      }
    }
    return Float32Array.from(values);
  }

  message(field: number): ProtoMessage | undefined {
    const v = this.#all(field).at(-1);
    return v?.wire === 2 ? new ProtoMessage(v.bytes) : undefined;
  }

  messages(field: number): ProtoMessage[] {
    return this.#all(field).flatMap((v) => (v.wire === 2 ? [new ProtoMessage(v.bytes)] : []));
  }
}

/** Packed varints re-keyed as field 1 occurrences, so the one varint loop decodes them. */
function packedAsVarints(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i]! & 0x80) === 0) {
      out.push(0x08, ...bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  return Uint8Array.from(out);
}
