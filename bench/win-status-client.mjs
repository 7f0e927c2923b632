// Times `status` requests to a running monitor from inside Windows (Wine): run
// by the Windows node.exe on the compiled sources, so that what is measured is
// the monitor's answer, not the seconds a psv.exe CLI takes to start under Wine.
//   node.exe win-status-client.mjs PIPE CONFIG COUNT OUTFILE
// Writes {"samplesMs": [...], "targets": N} to OUTFILE (output through a file:
// pipes from Wine to Unix processes are unreliable).
import { realpathSync, writeFileSync } from 'node:fs';

const [address, config, count, outFile] = process.argv.slice(2);
const { call } = await import('../dist/src/control/client.js');
const { readToken } = await import('../dist/src/control/endpoint.js');
const { platform } = await import('../dist/src/platform/index.js');

const token = readToken(platform, address);
const samplesMs = [];
let targets = 0;
for (let i = 0; i < Number(count); i++) {
  const t0 = performance.now();
  const status = await call(address, 'status', {}, { token, config: realpathSync(config), timeoutMs: 600_000 });
  samplesMs.push(performance.now() - t0);
  targets = status.targets.length;
}
writeFileSync(outFile, JSON.stringify({ samplesMs, targets }));
