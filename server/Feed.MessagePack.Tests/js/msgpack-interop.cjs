// Cross-checks Feed.MessagePack against the reference JavaScript implementations.
// Input (stdin, JSON): { values: [tagged], decode: [hex], hubWrite: [message], hubParse: [hex] }
// Output (stdout, JSON): { encoded: [hex], decoded: [tagged], hubWritten: [hex], hubParsed: [[message]] }
// Tagged values keep MessagePack types visible through JSON:
//   null, true/false, {int:"decimal"}, {float:n}, {str:s}, {bin:hex}, {arr:[...]},
//   {map:[[key, value], ...]}, {ts:{sec:"decimal", nsec:n}}, {ext:{type:t, data:hex}}
// Resolved with NODE_PATH pointing at client-js/node_modules.
"use strict";
const msgpack = require("@msgpack/msgpack");
const { MessagePackHubProtocol } = require("@microsoft/signalr-protocol-msgpack");

class TimeSpec {
  constructor(sec, nsec) { this.sec = sec; this.nsec = nsec; }
}

const codec = new msgpack.ExtensionCodec();
codec.register({
  type: msgpack.EXT_TIMESTAMP,
  encode: (value) => value instanceof TimeSpec ? msgpack.encodeTimeSpecToTimestamp(value) : null,
  decode: (data) => {
    const spec = msgpack.decodeTimestampToTimeSpec(data);
    return new TimeSpec(spec.sec, spec.nsec);
  },
});
const options = { extensionCodec: codec, useBigInt64: true };

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const unhex = (text) => new Uint8Array(Buffer.from(text, "hex"));

function toJs(t) {
  if (t === null || typeof t === "boolean") return t;
  if ("int" in t) {
    const big = BigInt(t.int);
    return big >= -0x80000000n && big <= 0xffffffffn ? Number(big) : big;
  }
  if ("float" in t) return t.float;
  if ("str" in t) return t.str;
  if ("bin" in t) return unhex(t.bin);
  if ("arr" in t) return t.arr.map(toJs);
  if ("map" in t) return Object.fromEntries(t.map.map(([k, v]) => [toJs(k), toJs(v)]));
  if ("ts" in t) return new TimeSpec(Number(t.ts.sec), t.ts.nsec);
  if ("ext" in t) return new msgpack.ExtData(t.ext.type, unhex(t.ext.data));
  throw new Error("unknown tag " + JSON.stringify(t));
}

function toTagged(v) {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "bigint") return { int: v.toString() };
  if (typeof v === "number") return Number.isInteger(v) ? { int: v.toString() } : { float: v };
  if (typeof v === "string") return { str: v };
  if (v instanceof Uint8Array) return { bin: hex(v) };
  if (Array.isArray(v)) return { arr: v.map(toTagged) };
  if (v instanceof TimeSpec) return { ts: { sec: v.sec.toString(), nsec: v.nsec } };
  if (v instanceof msgpack.ExtData) return { ext: { type: v.type, data: hex(v.data) } };
  return { map: Object.entries(v).map(([k, x]) => [{ str: k }, toTagged(x)]) };
}

// Hub messages go through JSON: bigints become strings, byte arrays hex.
const plain = (key, value) =>
  typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? { bin: hex(value) } : value;

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const protocol = new MessagePackHubProtocol();
const output = {
  encoded: (input.values || []).map((t) => hex(msgpack.encode(toJs(t), options))),
  decoded: (input.decode || []).map((h) => toTagged(msgpack.decode(unhex(h), options))),
  hubWritten: (input.hubWrite || []).map((m) => hex(new Uint8Array(protocol.writeMessage(m)))),
  hubParsed: (input.hubParse || []).map((h) => protocol.parseMessages(unhex(h).buffer, null)),
};
process.stdout.write(JSON.stringify(output, plain));
