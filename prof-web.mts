// Throwaway: CPU profile of bench/web.ts's server rendering the cold article page under load.
import { fork } from 'node:child_process';
import autocannon from 'autocannon';
const path = process.argv[2] ?? '/fr/le-matin-bench/999940';
const child = fork('bench/web.ts', ['serve'], {
  execArgv: ['--import', 'tsx', '--cpu-prof', '--cpu-prof-dir=/tmp/prof'],
  env: { ...process.env, DATABASE_URL: 'sqlite:/work/benchweb/kiosque.db', KIOSQUE_ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'silent', KIOSQUE_PAGE_CACHE: 'off', BENCH_WEB_DIR: '/work/benchweb' },
});
const port = await new Promise<number>((r) => child.once('message', (m: any) => r(m.port)));
const base = `http://127.0.0.1:${port}`;
console.log((await fetch(base + path)).status);
await autocannon({ url: base + path, connections: 100, duration: 3 });
const r = await autocannon({ url: base + path, connections: 100, duration: 10 });
console.log('rps', r.requests.average, 'p99', r.latency.p99);
const f = await autocannon({ url: base + '/bench/fixed', connections: 100, duration: 5 });
console.log('floor rps', f.requests.average, 'p99', f.latency.p99);
child.disconnect();
await new Promise((r) => child.once('exit', r));
