// Starts a real Feed server process (the built Feed.Server.dll) on a free port for a test.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const defaultDll = path.join(root, 'server/Feed.Server/bin/Release/net10.0/Feed.Server.dll');

/**
 * Starts the server in Development (dev tokens on, in-memory store, demo data without
 * background activity). Resolves once it listens; `stop()` kills it. `port` fixes the port
 * (default: a free one). `restart()` stops it and starts it again on the same port with the
 * same settings, as a server restart looks to its clients; `start()` starts it after a stop().
 */
export async function startServer(env = {}, { port = 0 } = {}) {
  const dll = process.env.FEED_SERVER_DLL || defaultDll;
  let running = await spawnServer(dll, port, env);
  const fixedPort = new URL(running.url).port;
  const handle = {
    url: running.url,
    output: () => running.output(),
    stop: () => running.stop(),
    async start() {
      running = await spawnServer(dll, fixedPort, env);
      return handle;
    },
    async restart() {
      await running.stop();
      return handle.start();
    },
  };
  return handle;
}

async function spawnServer(dll, port, env) {
  const child = spawn('dotnet', [dll, '--urls', `http://127.0.0.1:${port}`], {
    cwd: path.dirname(dll),
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      Feed__Demo__ActivityInterval: '00:00:00',
      Logging__LogLevel__Default: 'Warning',
      'Logging__LogLevel__Microsoft.Hosting.Lifetime': 'Information',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 30 s:\n${output}`));
    }, 30000);
    const onData = (chunk) => {
      output += chunk;
      const match = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${output}`)); });
  });
  return {
    url,
    output: () => output,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGKILL');
    }),
  };
}

/** Gets a development token for a user id (creating the user). */
export async function devToken(baseUrl, userId) {
  const response = await fetch(`${baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) throw new Error(`token for ${userId}: HTTP ${response.status}`);
  return (await response.json()).accessToken;
}

/** Resolves with the next value pushed by `subscribe(resolve)`, or rejects after ms. */
export function nextEvent(subscribe, ms = 10000, what = 'event') {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    subscribe((value) => { clearTimeout(timer); resolve(value); });
  });
}
