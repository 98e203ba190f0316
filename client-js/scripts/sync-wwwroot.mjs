#!/usr/bin/env node
// Copies the browser client library (client-js/src, the one source) into the server's wwwroot,
// where the demo page loads it, so `dotnet run` serves a working page without npm.
//   node client-js/scripts/sync-wwwroot.mjs            copy src -> wwwroot/lib/feed-client
//   node client-js/scripts/sync-wwwroot.mjs --check    exit 1 if the copy differs (CI)
//   node client-js/scripts/sync-wwwroot.mjs --vendor   also copy the SignalR browser bundles
// The test suite runs the check (test/wwwroot-sync.test.mjs), so a forgotten sync fails CI.
import { readdirSync, readFileSync, writeFileSync, rmSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sourceDir = path.join(clientRoot, 'src');
export const targetDir = path.resolve(clientRoot, '../server/Feed.Server/wwwroot/lib/feed-client');
const vendorDir = path.resolve(clientRoot, '../server/Feed.Server/wwwroot/lib/signalr');
const vendored = [
  '@microsoft/signalr/dist/browser/signalr.min.js',
  '@microsoft/signalr-protocol-msgpack/dist/browser/signalr-protocol-msgpack.min.js',
];

/** The files the browser needs: every module except the npm entry (it imports bare specifiers). */
export function browserFiles() {
  return readdirSync(sourceDir).filter((name) => name.endsWith('.js') && name !== 'index.js').sort();
}

/** Names of files that are missing, stale or extra in the wwwroot copy; empty when in sync. */
export function differences() {
  const wanted = browserFiles();
  const present = existsSync(targetDir) ? readdirSync(targetDir).filter((name) => name.endsWith('.js')) : [];
  const problems = present.filter((name) => !wanted.includes(name)).map((name) => `extra: ${name}`);
  for (const name of wanted) {
    const target = path.join(targetDir, name);
    if (!existsSync(target)) problems.push(`missing: ${name}`);
    else if (!readFileSync(target).equals(readFileSync(path.join(sourceDir, name)))) problems.push(`stale: ${name}`);
  }
  return problems;
}

export function sync() {
  mkdirSync(targetDir, { recursive: true });
  for (const name of readdirSync(targetDir).filter((n) => n.endsWith('.js'))) rmSync(path.join(targetDir, name));
  for (const name of browserFiles()) copyFileSync(path.join(sourceDir, name), path.join(targetDir, name));
  writeFileSync(path.join(targetDir, 'README.md'),
    '# Generated: do not edit\n\nCopies of `client-js/src` (the one source of the browser client), made by\n' +
    '`node client-js/scripts/sync-wwwroot.mjs`; the JS tests fail when they drift.\n');
}

function vendor() {
  for (const file of vendored) copyFileSync(path.join(clientRoot, 'node_modules', file), path.join(vendorDir, path.basename(file)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  if (args.has('--check')) {
    const problems = differences();
    if (problems.length > 0) {
      console.error(`wwwroot/lib/feed-client is out of date (${problems.join(', ')}); run node client-js/scripts/sync-wwwroot.mjs`);
      process.exit(1);
    }
  } else {
    sync();
    if (args.has('--vendor')) vendor();
    console.log(`synced ${browserFiles().length} files into ${path.relative(process.cwd(), targetDir)}`);
  }
}
