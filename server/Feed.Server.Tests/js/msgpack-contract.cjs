// Decodes MessagePack written by the server with the reference JavaScript decoder
// (@msgpack/msgpack, the one @microsoft/signalr-protocol-msgpack uses) and prints each value as
// JSON, so the test can compare it with the JSON protocol's text for the same object.
// Input (stdin, JSON): [hex, ...]. Output (stdout, JSON): [value, ...]; a value JSON cannot
// hold (a Date from the timestamp extension, binary, a bigint) is printed as {"$type": ...}.
// Resolved with NODE_PATH pointing at client-js/node_modules.
"use strict";
const msgpack = require("@msgpack/msgpack");

const tag = (key, value) =>
  value instanceof Date ? { $type: "timestamp" }
    : value instanceof Uint8Array ? { $type: "binary" }
    : typeof value === "bigint" ? { $type: "bigint" }
    : value;

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const decoded = JSON.parse(input).map((hex) => msgpack.decode(Buffer.from(hex, "hex")));
  process.stdout.write(JSON.stringify(decoded, tag));
});
