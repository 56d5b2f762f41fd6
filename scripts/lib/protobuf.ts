// Just enough protobuf encoding to write an ONNX model: varints, length-delimited fields, floats.

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  varint(field: number, value: number | bigint): this {
    return this.tag(field, 0).raw(encodeVarint(BigInt(value)));
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, 2).raw(encodeVarint(BigInt(value.length))).raw(value);
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.tag(field, 5).raw(bytes);
  }

  finish(): Uint8Array {
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): this {
    return this.raw(encodeVarint(BigInt((field << 3) | wireType)));
  }

  private raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }
}

function encodeVarint(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return Uint8Array.from(out);
}
