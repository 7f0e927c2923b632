// The pure parsers behind the process table and the service adapters, fed with
// output as the real tools print it (systemctl show, sc.exe queryex, the
// PowerShell CIM query, /proc/PID/stat), so they are tested on any machine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMatcher } from '../src/engine/match.js';
import { parseMarkers } from '../src/platform/marker.js';
import { parseStat } from '../src/platform/proc.js';
import { parseShow } from '../src/platform/systemd.js';
import { parseProcessTable, parseScQuery } from '../src/platform/windows-processes.js';

describe('parseShow (systemctl show)', () => {
  // systemctl prints the properties in its own order, not the order asked for,
  // and one blank line between units.
  const output = [
    'MainPID=812',
    'Result=success',
    'ExecMainStatus=0',
    'Id=nginx.service',
    'LoadState=loaded',
    'ActiveState=active',
    'SubState=running',
    '',
    'MainPID=0',
    'Result=success',
    'ExecMainStatus=0',
    'Id=backup.service',
    'LoadState=loaded',
    'ActiveState=inactive',
    'SubState=dead',
    '',
    'MainPID=0',
    'Result=exit-code',
    'ExecMainStatus=3',
    'Id=billing.service',
    'LoadState=loaded',
    'ActiveState=failed',
    'SubState=failed',
    '',
    'MainPID=0',
    'Result=success',
    'ExecMainStatus=0',
    'Id=nosuch.service',
    'LoadState=not-found',
    'ActiveState=inactive',
    'SubState=dead',
    '',
  ].join('\n');

  it('reads one status per unit, in the order the units were asked for', () => {
    const [nginx, backup, billing, nosuch] = parseShow(['nginx', 'backup.service', 'billing', 'nosuch'], output);
    assert.deepEqual(nginx, { name: 'nginx', state: 'running', pid: 812, stoppedCleanly: false, exitCode: 0, detail: 'active/running' });
    assert.deepEqual(backup, { name: 'backup.service', state: 'stopped', pid: null, stoppedCleanly: true, exitCode: 0, detail: 'inactive/dead' });
    assert.deepEqual(billing, { name: 'billing', state: 'failed', pid: null, stoppedCleanly: false, exitCode: 3, detail: 'failed/failed (exit-code)' });
    assert.deepEqual(nosuch, { name: 'nosuch', state: 'unknown', pid: null, stoppedCleanly: false, exitCode: null, detail: 'unit not found' });
  });

  it('an inactive unit whose last run failed is failed, not stopped', () => {
    const [s] = parseShow(['x'], 'ActiveState=inactive\nSubState=dead\nResult=signal\nExecMainStatus=9\nMainPID=0\nLoadState=loaded\n');
    assert.equal(s!.state, 'failed');
    assert.equal(s!.stoppedCleanly, false);
    assert.equal(s!.exitCode, 9);
  });

  it('units in transition', () => {
    const text = 'ActiveState=activating\nSubState=start\nMainPID=77\n\nActiveState=deactivating\nSubState=stop-sigterm\nMainPID=78\n';
    assert.deepEqual(
      parseShow(['a', 'b'], text).map((s) => [s.state, s.pid]),
      [
        ['starting', 77],
        ['stopping', 78],
      ],
    );
  });
});

describe('parseScQuery (sc.exe queryex)', () => {
  const sc = (state: string, win32: string, specific: string, pid: number) =>
    [
      '',
      'SERVICE_NAME: Billing ',
      '        TYPE               : 10  WIN32_OWN_PROCESS  ',
      `        STATE              : ${state} `,
      '                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)',
      `        WIN32_EXIT_CODE    : ${win32}`,
      `        SERVICE_EXIT_CODE  : ${specific}`,
      '        CHECKPOINT         : 0x0',
      '        WAIT_HINT          : 0x0',
      `        PID                : ${pid}`,
      '        FLAGS              : ',
      '',
    ].join('\r\n');

  it('a running service, with its pid', () => {
    assert.deepEqual(parseScQuery('Billing', sc('4  RUNNING', '0  (0x0)', '0  (0x0)', 2412)), {
      name: 'Billing',
      state: 'running',
      pid: 2412,
      stoppedCleanly: false,
      exitCode: 0,
      detail: '4  RUNNING',
    });
  });

  it('a service stopped with exit code 0 stopped cleanly', () => {
    assert.deepEqual(parseScQuery('Billing', sc('1  STOPPED', '0  (0x0)', '0  (0x0)', 0)), {
      name: 'Billing',
      state: 'stopped',
      pid: null,
      stoppedCleanly: true,
      exitCode: 0,
      detail: '1  STOPPED',
    });
  });

  it('1066 (service-specific error) means the service exit code is the one that counts', () => {
    assert.deepEqual(parseScQuery('Billing', sc('1  STOPPED', '1066  (0x42a)', '3  (0x3)', 0)), {
      name: 'Billing',
      state: 'failed',
      pid: null,
      stoppedCleanly: false,
      exitCode: 3,
      detail: '1  STOPPED',
    });
  });

  it('a Win32 error code of its own is a failure too', () => {
    const s = parseScQuery('Billing', sc('1  STOPPED', '1067  (0x42b)', '0  (0x0)', 0));
    assert.deepEqual([s.state, s.exitCode, s.stoppedCleanly], ['failed', 1067, false]);
  });

  it('a service never started since boot (1077) is stopped, not failed', () => {
    const s = parseScQuery('Billing', sc('1  STOPPED', '1077  (0x435)', '0  (0x0)', 0));
    assert.deepEqual([s.state, s.stoppedCleanly, s.exitCode], ['stopped', true, null]);
  });

  it('pending states', () => {
    assert.equal(parseScQuery('Billing', sc('2  START_PENDING', '0  (0x0)', '0  (0x0)', 0)).state, 'starting');
    assert.equal(parseScQuery('Billing', sc('3  STOP_PENDING', '0  (0x0)', '0  (0x0)', 2412)).state, 'stopping');
  });

  it('a service that does not exist', () => {
    const text = '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n\r\n';
    assert.deepEqual(parseScQuery('NoSuch', text), {
      name: 'NoSuch',
      state: 'unknown',
      pid: null,
      stoppedCleanly: false,
      exitCode: null,
      detail: 'The specified service does not exist as an installed service.',
    });
  });
});

describe('parseProcessTable (Win32_Process through PowerShell)', () => {
  const text = [
    '0\t0\tSystem Idle Process\t0\t\t',
    '4\t0\tSystem\t0\tNT AUTHORITY\\SYSTEM\t',
    '2412\t688\tjava.exe\t133541234567890123\tCONTOSO\\svc-billing\t"C:\\Program Files\\Java\\bin\\java.exe" -Dapp=billing\t-jar billing.jar',
    '',
    'garbage line without tabs',
    '3001\t2412\tcmd.exe\t133541234567899999\tWEB01\\Administrator\tC:\\Windows\\system32\\cmd.exe /c "echo a"',
    '',
  ].join('\r\n');

  it('reads pid, parent, name, start time, owner and the whole command line, tabs included', () => {
    const table = parseProcessTable(text);
    assert.deepEqual(
      table.map((p) => [p.pid, p.ppid, p.name, p.startToken, p.user, p.commandLine]),
      [
        [0, 0, 'System Idle Process', '0', null, 'System Idle Process'],
        [4, 0, 'System', '0', 'NT AUTHORITY\\SYSTEM', 'System'],
        [2412, 688, 'java.exe', '133541234567890123', 'CONTOSO\\svc-billing', '"C:\\Program Files\\Java\\bin\\java.exe" -Dapp=billing\t-jar billing.jar'],
        [3001, 2412, 'cmd.exe', '133541234567899999', 'WEB01\\Administrator', 'C:\\Windows\\system32\\cmd.exe /c "echo a"'],
      ],
    );
    assert.ok(table.every((p) => p.state === null));
    assert.ok(table.every((p) => !p.commandLine.endsWith('\r')), 'CR of the CRLF is not part of the command line');
  });

  it('match.user finds its process: name or DOMAIN\\name, whatever the case', async () => {
    const { listWindowsProcesses } = await import('../src/platform/windows-processes.js');
    const table = await listWindowsProcesses(undefined, async () => ({ code: 0, stdout: text, stderr: '' }));
    const pids = (user: string) => table.filter(compileMatcher({ name: 'java', args: null, user }, true)).map((p) => p.pid);
    for (const user of ['svc-billing', 'SVC-Billing', 'CONTOSO\\svc-billing', 'contoso\\SVC-BILLING']) assert.deepEqual(pids(user), [2412], user);
    for (const user of ['svc', 'billing', 'OTHER\\svc-billing', 'CONTOSO']) assert.deepEqual(pids(user), [], user);
    assert.deepEqual(table.filter(compileMatcher({ name: null, args: null, user: 'system' }, true)).map((p) => p.pid), [4]);
  });
});

describe('parseStat (/proc/PID/stat)', () => {
  const tail = '0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 119116 3133440 360 18446744073709551615 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';

  it('reads state, parent and start time', () => {
    assert.deepEqual(parseStat(`19515 (cat) R 19513 19513 13427 ${tail}\n`), { comm: 'cat', state: 'R', ppid: 19513, startTicks: '119116' });
  });

  it('a comm with spaces and parentheses does not shift the fields', () => {
    assert.deepEqual(parseStat(`4242 ((my (weird) name)) S 1 4242 4242 ${tail}\n`), {
      comm: '(my (weird) name)',
      state: 'S',
      ppid: 1,
      startTicks: '119116',
    });
    assert.deepEqual(parseStat(`4243 (a) Z 7 (b) D 9 4243 4243 ${tail}`), { comm: 'a) Z 7 (b', state: 'D', ppid: 9, startTicks: '119116' });
  });

  it('a truncated or garbled line is null', () => {
    assert.equal(parseStat('4242 (cat R 1'), null);
    assert.equal(parseStat('4242 (cat) R 1 2 3'), null);
    assert.equal(parseStat(''), null);
  });
});

describe('Windows service commands (mocked runner: the exact commands)', () => {
  it('queries with sc.exe queryex, starts with sc.exe start, restarts with Restart-Service (the name in the environment)', async () => {
    const { windowsServiceStatus, scStart, restartWindowsService } = await import('../src/platform/windows-processes.js');
    const calls: string[][] = [];
    const envs: Array<Record<string, string> | undefined> = [];
    const runner = async (file: string, args: string[], env?: Record<string, string>) => {
      calls.push([file.split('\\').pop()!, ...args]);
      envs.push(env);
      if (args[0] === 'queryex') return { code: 0, stdout: `SERVICE_NAME: ${args[1]}\r\n        STATE              : 4  RUNNING\r\n        PID                : 1234\r\n        WIN32_EXIT_CODE    : 0  (0x0)\r\n`, stderr: '' };
      return { code: 0, stdout: '', stderr: '' };
    };
    const [st] = await windowsServiceStatus(['Spooler'], runner);
    assert.equal(st!.state, 'running');
    assert.equal(st!.pid, 1234);
    await scStart('Spooler', runner);
    await restartWindowsService('Spooler', runner);
    assert.deepEqual(calls, [
      ['sc.exe', 'queryex', 'Spooler'],
      ['sc.exe', 'start', 'Spooler'],
      ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', calls[2]![4]!],
    ]);
    // -Command pastes further arguments into the command text ($args stays empty):
    // the name goes in the environment, and the command text never contains it.
    assert.equal(calls[2]!.length, 5, 'nothing after the command text');
    assert.match(calls[2]![4]!, /\$env:PSV_SERVICE_NAME\b/);
    assert.match(calls[2]![4]!, /Restart-Service -InputObject/);
    assert.doesNotMatch(calls[2]![4]!, /Spooler|\$args/);
    assert.deepEqual(envs, [undefined, undefined, { PSV_SERVICE_NAME: 'Spooler' }]);
  });

  it('a refused start is an error with sc.exe\'s words', async () => {
    const { scStart } = await import('../src/platform/windows-processes.js');
    await assert.rejects(scStart('Nope', async () => ({ code: 1060, stdout: '[SC] StartService: OpenService FAILED 1060:', stderr: '' })), /sc\.exe start Nope failed: \[SC\] StartService: OpenService FAILED 1060/);
  });
});

describe('parseMarkers (/proc/PID/environ)', () => {
  const environ = (...entries: string[]) => {
    const b = Buffer.from(entries.join('\0') + '\0');
    return [b, b.length] as const;
  };

  it('reads the target name and the root pid of the monitor asked for', () => {
    assert.deepEqual(parseMarkers(...environ('PATH=/bin', 'PSV_TARGET_ID=abc/web server', 'PSV_ROOT_PID=4242'), 'abc'), { target: 'web server', rootPid: 4242 });
    assert.deepEqual(parseMarkers(...environ('PSV_TARGET_ID=abc/t'), 'abc'), { target: 't', rootPid: null }, 'spawned without the helper');
  });

  it('another monitor\'s marker, a marker inside another variable, or none, is nothing', () => {
    assert.equal(parseMarkers(...environ('PSV_TARGET_ID=other/t', 'PSV_ROOT_PID=1'), 'abc'), null);
    assert.equal(parseMarkers(...environ('X=PSV_TARGET_ID=abc/t'), 'abc'), null);
    assert.equal(parseMarkers(...environ('PATH=/bin'), 'abc'), null);
    assert.equal(parseMarkers(...environ('PSV_TARGET_ID=abc/'), 'abc'), null);
  });

  it('a root pid that is not a pid is none; only the bytes read count', () => {
    assert.deepEqual(parseMarkers(...environ('PSV_TARGET_ID=abc/t', 'PSV_ROOT_PID=12x'), 'abc'), { target: 't', rootPid: null });
    const [b] = environ('PSV_TARGET_ID=abc/t', 'PSV_ROOT_PID=77');
    assert.deepEqual(parseMarkers(b, 'PSV_TARGET_ID=abc/t'.length + 1, 'abc'), { target: 't', rootPid: null });
  });
});
