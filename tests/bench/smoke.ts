/**
 * npm run bench:smoke — every benchmark at smoke size (`--smoke`), as CI runs them so that none
 * rots. The benchmarks are the `bench:<name>` scripts of package.json, each run as that script
 * runs it (its own node process, its own flags) with `--smoke` added; exits non-zero when one
 * fails, after all have run.
 *
 * What it saves over running them one by one: the embedded PostgreSQL in .data/bench is started
 * once here and shared (each benchmark finds it running and leaves it so), and two benchmarks run
 * at once (`BENCH_JOBS`, default 2). Most of a smoke run is waiting — on Telegram's pacing in the
 * delivery and crash benchmarks, on a restarted server — so a second one fills that time even on
 * two cores; the figures of a smoke run mean nothing anyway. A benchmark's output is printed
 * whole when it ends, so two never interleave. With BENCH_DATABASE_URL or DATABASE_URL set, no
 * embedded server is started: the benchmarks use that one.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readEnvironment } from '../../server/config.ts';
import type { EmbeddedPostgres } from '../../server/embedded-postgres.ts';
import { startBenchPostgres } from './setup.ts';

const JOBS = Math.max(1, Number(process.env.BENCH_JOBS ?? 2));
/** Started first, so that the ones that mostly wait overlap the others (the longest first). */
const SLOWEST_FIRST = ['delivery', 'crash', 'bot', 'pdf', 'booking'];

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const benches = Object.entries(scripts)
  .filter(([name]) => name.startsWith('bench:') && name !== 'bench:smoke')
  .map(([name, command]) => {
    const [program, ...args] = command.split(/\s+/);
    if (program !== 'node') throw new Error(`${name}: expected "node …", found "${command}"`);
    return { name: name.slice('bench:'.length), args: [...args, '--smoke'] };
  })
  .sort((a, b) => rank(a.name) - rank(b.name));

function rank(name: string): number {
  const i = SLOWEST_FIRST.indexOf(name);
  return i < 0 ? SLOWEST_FIRST.length : i;
}

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
}

function run(bench: { name: string; args: string[] }): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, bench.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    // A child that could not start at all: a failure like any other, not a crash of this runner.
    child.on('error', (error) => output.push(Buffer.from(`${error.stack ?? error}\n`)));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const ok = code === 0;
      const verdict = ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`\n=== bench:${bench.name} --smoke: ${verdict} in ${seconds.toFixed(1)} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve({ name: bench.name, ok, seconds });
    });
  });
}

const raw = readEnvironment();
let embedded: EmbeddedPostgres | null = null;
if (!raw.BENCH_DATABASE_URL && !raw.DATABASE_URL) embedded = await startBenchPostgres();
const stop = async () => {
  await embedded?.stop();
  embedded = null;
};
const onSignal = () => {
  void stop().finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

const started = performance.now();
const queue = [...benches];
const outcomes: Outcome[] = [];
try {
  await Promise.all(
    Array.from({ length: Math.min(JOBS, queue.length) }, async () => {
      for (let bench = queue.shift(); bench; bench = queue.shift()) outcomes.push(await run(bench));
    }),
  );
} finally {
  await stop();
}

console.log(`\n=== bench:smoke: ${benches.length} benchmarks, ${JOBS} at a time`);
for (const o of outcomes)
  console.log(`  ${`${o.name} `.padEnd(12, '.')} ${o.ok ? 'ok' : 'FAILED'} ${o.seconds.toFixed(1)} s`);
console.log(`  wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
