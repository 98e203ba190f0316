#!/usr/bin/env node
// Copies the official SignalR browser bundles from node_modules into the server's wwwroot
// (committed there, with their licences, so `dotnet run` needs no npm). Run after updating
// @microsoft/signalr; test/wwwroot.test.mjs fails while the copies differ from node_modules.
// (The client library itself, client-js/src, is copied into wwwroot by the server's build.)
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const vendorDir = path.resolve(clientRoot, '../server/Feed.Server/wwwroot/lib/signalr');
export const vendored = [
  ['signalr', 'signalr.min.js'],
  ['signalr-protocol-msgpack', 'signalr-protocol-msgpack.min.js'],
].map(([pkg, file]) => ({ file, from: path.join(clientRoot, 'node_modules/@microsoft', pkg, 'dist/browser', file) }));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { file, from } of vendored) copyFileSync(from, path.join(vendorDir, file));
  console.log(`copied ${vendored.length} bundles into ${path.relative(process.cwd(), vendorDir)}`);
}
