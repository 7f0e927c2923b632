// A real service no one here wrote, run the way its package expects (issue 17):
// PostgreSQL 15 from Debian, as the user postgres, ready when it says READY=1
// on NOTIFY_SOCKET, stopped with SIGINT (fast shutdown). Its own data folder,
// socket folder and a private port on 127.0.0.1, all inside the test's folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAlive, monitorFixtures, monitorSection, psvAsync, waitFor, writeConfig, type PsvEvent } from './helpers.js';

const BIN = '/usr/lib/postgresql/15/bin';
const PSQL = '/usr/bin/psql';
const hasUser = spawnSync('id', ['-u', 'postgres']).status === 0;
const skip =
  process.getuid?.() !== 0
    ? 'SKIPPED LOUDLY: needs root (PostgreSQL runs as the user postgres, started by psv)'
    : !existsSync(join(BIN, 'postgres')) || !existsSync(join(BIN, 'initdb')) || !existsSync(PSQL)
      ? `SKIPPED LOUDLY: PostgreSQL 15 is not installed (${BIN}, ${PSQL}; Debian package postgresql, scripts/setup-test-env.sh)`
      : !hasUser
        ? 'SKIPPED LOUDLY: the user postgres is missing (Debian package postgresql makes it)'
        : false;
if (skip) console.log(`# postgres: ${skip}`);

const fx = monitorFixtures();

const of = (name: string, event: string) => (e: PsvEvent) => e.target === name && e.event === event;

/** A port on 127.0.0.1 that nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs as postgres, to completion. */
function asPostgres(argv: string[]): { status: number | null; out: string } {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', ...argv], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('PostgreSQL 15 under psv', { skip }, () => {
  it('runs as postgres, is ready on READY=1, recovers after SIGKILL with its dependant restarted, stops fast and restarts clean', async () => {
    const dir = fx.dir('psv-postgres-');
    // postgres must pass through the test folder to its own folder below it.
    chmodSync(dir, 0o711);
    const pg = join(dir, 'pg');
    const data = join(pg, 'data');
    const sock = join(pg, 'sock');
    const out = join(pg, 'queries.txt');
    assert.equal(spawnSync('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '0700', pg, sock]).status, 0);
    const init = asPostgres([join(BIN, 'initdb'), '-D', data, '--auth=trust', '--username=postgres', '--no-sync', '--no-instructions', '--encoding=UTF8', '--locale=C']);
    assert.equal(init.status, 0, init.out);
    const port = await freePort();

    // The dependant: one query over the Unix socket, only once the database said READY=1; every run is written down.
    const query =
      `n=$(( $(wc -l < ${out} 2>/dev/null || echo 0) + 1 )); ` +
      `r=$(${PSQL} -h ${sock} -p ${port} -U postgres -d postgres -Atc "select 40 + 2" 2>&1); code=$?; ` +
      `echo "run $n exit $code $r" >> ${out}; [ $code -eq 0 ] || exit 1; exec sleep 1000`;
    const { config, events } = writeConfig(
      dir,
      `${monitorSection(dir)}` +
        `groups:\n  - name: pg\n    members: [db, report]\n    strategy: rest\n` +
        `targets:\n` +
        `  - name: db\n` +
        `    command: ${JSON.stringify([join(BIN, 'postgres'), '-D', data, '-p', String(port), '-k', sock, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'])}\n` +
        `    user: postgres\n    readyAfter: notify\n    stopSignal: SIGINT\n    stopTimeout: 30s\n` +
        `  - name: report\n    command: ${JSON.stringify(['/bin/sh', '-c', query])}\n    user: postgres\n    dependsOn: [db]\n    stopTimeout: 5s\n`,
    );
    const log = join(dir, 'state', 'logs', 'db.log');
    const runs = (): string[] => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean) : []);

    const m = fx.run(config, events);
    const [dbUp] = await m.waitEvents('db up', of('db', 'TargetUp'), 1, 30_000);
    const [dbReady] = await m.waitEvents('db ready (READY=1 from postgres)', of('db', 'TargetReady'), 1, 30_000);
    assert.equal(dbReady!.pid, dbUp!.pid);
    const [reportUp] = await m.waitEvents('report up', of('report', 'TargetUp'), 1, 30_000);
    await waitFor('the first query', () => runs().length >= 1, 30_000);
    assert.deepEqual(runs(), ['run 1 exit 0 42'], 'the first query succeeded on its first try');
    let ev = m.events();
    assert.ok(ev.indexOf(ev.find(of('report', 'TargetStarted'))!) > ev.indexOf(dbReady!), 'report started only after READY=1');
    assert.deepEqual(ev.filter(of('report', 'TargetDown')), [], 'report never failed');
    assert.deepEqual(ev.filter((e) => e.event === 'NotifyRefused'), []);
    assert.match(readFileSync(`/proc/${dbUp!.pid}/status`, 'utf8'), new RegExp(`\\nUid:\\s+${uidOf('postgres')}\\s`), 'the postmaster runs as postgres');

    // SIGKILL of the postmaster: psv restarts it, PostgreSQL recovers, the group restarts report (rest).
    process.kill(dbUp!.pid!, 'SIGKILL');
    const [, dbUp2] = await m.waitEvents('db up again', of('db', 'TargetUp'), 2, 30_000);
    assert.notEqual(dbUp2!.pid, dbUp!.pid);
    await m.waitEvents('db ready again', of('db', 'TargetReady'), 2, 30_000);
    const [, reportUp2] = await m.waitEvents('report up again', of('report', 'TargetUp'), 2, 30_000);
    assert.notEqual(reportUp2!.pid, reportUp!.pid);
    assert.ok(!isAlive(reportUp!.pid!), 'the old report is gone');
    const [restart] = m.events().filter((e) => e.event === 'GroupRestart');
    assert.equal(restart!.cause, 'db');
    assert.equal(restart!.members, 'db, report');
    await waitFor('the second query', () => runs().length >= 2, 30_000);
    assert.equal(runs()[1], 'run 2 exit 0 42');
    const recovered = readFileSync(log, 'utf8');
    assert.match(recovered, /database system was interrupted|was not properly shut down; automatic recovery in progress/);
    await waitFor('recovery to end', () => /database system is ready to accept connections[\s\S]*database system is ready to accept connections/.test(readFileSync(log, 'utf8')), 30_000);

    // psv stop: SIGINT, PostgreSQL's fast shutdown, and a clean start next time.
    const stop = await psvAsync(['stop', '-c', config]);
    assert.equal(stop.code, 0, stop.stderr);
    await m.exited;
    const stopped = readFileSync(log, 'utf8');
    assert.match(stopped, /received fast shutdown request/);
    assert.match(stopped, /database system is shut down/);
    const mark = stopped.length;
    ev = m.events();
    assert.ok(!isAlive(dbUp2!.pid!));

    const m2 = fx.run(config, events);
    const ups = ev.filter(of('db', 'TargetReady')).length;
    await m2.waitEvents('db ready after the restart of psv', of('db', 'TargetReady'), ups + 1, 30_000);
    const next = readFileSync(log, 'utf8').slice(mark);
    assert.match(next, /database system was shut down at/);
    assert.doesNotMatch(next, /was interrupted|automatic recovery|not properly shut down/);
    await waitFor('the third query', () => runs().length >= 3, 30_000);
    assert.equal(runs()[2], 'run 3 exit 0 42');
  });
});

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}
