// Starts jongodb (an in-memory MongoDB-wire test server from npm) on a port it picks itself,
// so a Feed server can use the MongoDB store and keep its data across its own restarts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = path.resolve(here, '../../node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb');

/** Resolves with { uri(database), stop() } once jongodb prints its URI. */
export async function startJongoDb() {
  if (!existsSync(binary)) throw new Error(`jongodb not found at ${binary}; run npm ci in client-js`);
  const child = spawn(binary, ['--host=127.0.0.1', '--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jongodb did not start within 60 s:\n${output}`));
    }, 60000);
    const onData = (chunk) => {
      output += chunk;
      const match = /JONGODB_URI=(mongodb:\/\/[^/\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`jongodb exited (${code}):\n${output}`)); });
  });
  return {
    uri: (database) => `${base}/${database}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGKILL');
    }),
  };
}
