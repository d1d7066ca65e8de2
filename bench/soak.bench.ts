// Soak benchmark: POST /api/chat at half the saturated rate for SOAK_MINUTES, sampling the server's
// heap after a forced GC every SOAK_SAMPLE_SECONDS; the least-squares heap slope after the warm-up
// tells whether memory leaks (target < 1 MB/min). Prints figures; asserts nothing.
// Usage: node --expose-gc --import tsx bench/soak.bench.ts
//   SOAK_MINUTES (10) SOAK_RATE (req/s; default: half of a SOAK_CALIBRATE_SECONDS run at 50
//   connections) SOAK_CONNECTIONS (25) SOAK_SAMPLE_SECONDS (30) SOAK_WARMUP_SECONDS (60)
import os from 'node:os';
import { chatRequests, forceGc, LOAD_QUESTIONS, mb, ROW_HEADER, row, runLoad, startBenchServer } from './load.bench.js';

interface Sample {
  seconds: number;
  heapUsed: number;
  rss: number;
}

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 25);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30);
const calibrateSeconds = Number(process.env.SOAK_CALIBRATE_SECONDS ?? 10);
const durationSeconds = Math.round(minutes * 60);
// A shortened soak keeps at least two thirds of its samples for the fit.
const warmupSeconds = Math.min(Number(process.env.SOAK_WARMUP_SECONDS ?? 60), Math.floor(durationSeconds / 3));

/** Least-squares slope of y over x (per unit of x); 0 with fewer than two points. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

const bench = await startBenchServer();
try {
  for (let round = 0; round < 3; round++) for (const { question } of LOAD_QUESTIONS) await bench.runtime.service.chat({ question });
  let rate = Number(process.env.SOAK_RATE ?? 0);
  let calibration = '';
  if (!(rate > 0)) {
    const full = await runLoad({ url: bench.url, connections: 50, duration: calibrateSeconds, requests: chatRequests() });
    rate = Math.max(1, Math.round(full.requestsPerSecond / 2));
    calibration = ` (half of ${full.requestsPerSecond.toFixed(0)} req/s measured at 50 connections for ${calibrateSeconds} s)`;
  } else calibration = ' (SOAK_RATE)';

  const samples: Sample[] = [];
  const started = performance.now();
  const take = () => {
    forceGc();
    const usage = process.memoryUsage();
    samples.push({ seconds: (performance.now() - started) / 1000, heapUsed: usage.heapUsed, rss: usage.rss });
  };
  take();
  const timer = setInterval(take, sampleSeconds * 1000);
  const result = await runLoad({ url: bench.url, connections, duration: durationSeconds, overallRate: rate, requests: chatRequests(), title: 'soak' });
  clearInterval(timer);
  take();

  const fitted = samples.filter((sample) => sample.seconds >= warmupSeconds);
  const perMinute = (pick: (sample: Sample) => number) => slope(fitted.map((sample) => [sample.seconds / 60, pick(sample) / 1024 / 1024] as const));
  const heapSlope = perMinute((sample) => sample.heapUsed);
  const rssSlope = perMinute((sample) => sample.rss);

  console.log(`\n### Soak: ${minutes} min at ${rate} req/s${calibration}, ${connections} connections (memory store, offline composer, ${os.cpus().length} cores, Node ${process.version})\n`);
  console.log(ROW_HEADER);
  console.log(row('POST /api/chat', result));
  console.log(`\nServer memory after a forced GC every ${sampleSeconds} s (MB):\n`);
  console.log('| t s | heap used | RSS |\n|---|---|---|');
  for (const sample of samples) console.log(`| ${sample.seconds.toFixed(0)} | ${mb(sample.heapUsed)} | ${mb(sample.rss)} |`);
  console.log(
    `\nheap slope after ${warmupSeconds} s warm-up (least squares over ${fitted.length} samples): ${heapSlope.toFixed(3)} MB/min (target < 1 MB/min: ${heapSlope < 1 ? 'met' : 'NOT met'}); RSS slope ${rssSlope.toFixed(3)} MB/min`,
  );
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc --import tsx for the documented setup; GC was switched on at run time)');
} finally {
  await bench.close();
}
