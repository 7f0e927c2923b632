// Installs what the peer benchmark compares psv with, when it is missing:
// supervisord and Monit from Debian's packages, PM2 from the npm registry into
// bench/.peers (git-ignored, used only by the benchmark), and the C floor.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './common.mjs';

export const PM2_VERSION = '7.0.4';

export function ensurePeers(peersDir, log = console.error) {
  mkdirSync(peersDir, { recursive: true });
  const notes = [];
  const has = (cmd) => run('/bin/sh', ['-c', `command -v ${cmd}`]).status === 0;

  if (!has('supervisord') || !has('monit')) {
    log('installing supervisor and monit (apt-get)…');
    // Debian's postinst would start both as system services; a policy-rc.d
    // that says no (as container images have) keeps them from starting.
    const policy = '/usr/sbin/policy-rc.d';
    const ownPolicy = !existsSync(policy);
    if (ownPolicy) {
      writeFileSync(policy, '#!/bin/sh\nexit 101\n');
      chmodSync(policy, 0o755);
    }
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      let r = run('apt-get', ['install', '-y', '-qq', 'supervisor', 'monit'], { env, timeoutMs: 600_000 });
      if (r.status !== 0) {
        run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 });
        r = run('apt-get', ['install', '-y', '-qq', 'supervisor', 'monit'], { env, timeoutMs: 600_000 });
      }
      if (r.status !== 0) notes.push(`apt-get install supervisor monit failed: ${r.stderr.trim().split('\n').at(-1)}`);
    } finally {
      if (ownPolicy) rmSync(policy, { force: true });
    }
  }

  const pm2 = join(peersDir, 'node_modules', 'pm2', 'bin', 'pm2');
  if (!existsSync(pm2)) {
    log(`installing pm2@${PM2_VERSION} into ${peersDir} (npm)…`);
    writeFileSync(join(peersDir, 'package.json'), '{ "private": true }\n');
    const r = run('npm', ['install', '--prefix', peersDir, '--no-audit', '--no-fund', '--no-save', `pm2@${PM2_VERSION}`], {
      timeoutMs: 600_000,
    });
    if (r.status !== 0) notes.push(`npm install pm2 failed: ${r.stderr.trim().split('\n').at(-1)}`);
  }

  // The C floor, and the subreaper Monit runs under (see reaper.c).
  const built = {};
  for (const name of ['floor', 'reaper']) {
    const src = join(import.meta.dirname, `${name}.c`);
    const bin = join(peersDir, name);
    if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
      const r = run('cc', ['-O2', '-o', bin, src]);
      if (r.status !== 0) notes.push(`no ${name} (cc failed: ${r.stderr.trim().split('\n')[0]})`);
    }
    built[name] = existsSync(bin) ? bin : null;
  }

  return {
    supervisord: has('supervisord') ? '/usr/bin/supervisord' : null,
    supervisorctl: has('supervisorctl') ? '/usr/bin/supervisorctl' : null,
    monit: has('monit') ? '/usr/bin/monit' : null,
    pm2: existsSync(pm2) ? pm2 : null,
    floor: built.floor,
    reaper: built.reaper,
    notes,
  };
}
