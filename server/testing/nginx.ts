// nginx (Debian's package) in front of app instances, for tests and the bench: a generated
// config in a temp dir, started in the foreground (`daemon off`, so it ends with its process)
// on a free loopback port. Every path it writes (pid, logs, temp files) is in that dir, so it
// runs as any user; started by root, its worker drops to nobody as usual.
//
// Sticky where socket.io needs it: the polling transport sends several requests that must reach
// the instance holding the connection. ip_hash would send all of one machine's test traffic
// (127.0.0.1) to one instance, so the upstream hashes the session cookie with the address: a
// browser stays on one instance (anonymous ones by their address), different sessions spread.
// WebSocket upgrades are passed through. Each reply says which instance answered (X-Upstream).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, stopChild } from './processes';

// Debian puts it in /usr/sbin, which a non-root PATH may lack.
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

export interface NginxHandle {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}


export function nginxConfig(dir: string, port: number, upstreams: string[]): string {
  return `daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  # A load generator's connections live for the whole run (nginx closes one after 1,000 by default).
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream livecart {
    hash $cookie_livecart_session$remote_addr consistent;
${upstreams.map((u) => `    server ${u} max_fails=0;`).join('\n')}
    # More idle connections to the instances than clients in flight: otherwise every request
    # past the pool opens (and leaves in TIME_WAIT) a connection of its own.
    keepalive 512;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://livecart;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 120s;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** `upstreams`: host:port of each app instance. */
export async function startNginx(upstreams: string[]): Promise<NginxHandle> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livecart-nginx-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  // -e: the error log before the config is read (the default is under /var/log, root's).
  const child: ChildProcess = spawn(NGINX, ['-c', conf, '-p', dir, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  // A caller that exits without stop() (a bench's time limit, Ctrl-C) leaves no nginx behind
  // (its worker ends with the master).
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    // SIGTERM: fast shutdown of the master and its worker.
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (spawnError) {
      process.removeListener('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx could not be started (${spawnError.message}): install Debian's package (apt-get install -y nginx; .ci/run does)`);
    }
    if (child.exitCode !== null) {
      const log = (() => {
        try {
          return readFileSync(path.join(dir, 'error.log'), 'utf8');
        } catch {
          return '';
        }
      })();
      await stop();
      throw new Error(`nginx exited with code ${child.exitCode}: ${stderr}${log}`);
    }
    const listening = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (listening) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('nginx did not listen within 10 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, port, dir, stop };
}
