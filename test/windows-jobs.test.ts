// The targets' Job Objects as the monitor drives them (src/platform/windows-jobs.ts):
// the exact pipe questions psv-win.exe is asked, and what the monitor does with
// each answer. The graceful stop is pinned here by its request because Wine
// cannot deliver CTRL_BREAK (GenerateConsoleCtrlEvent fails there in every
// setup tried): the helper then ends the job and answers "killed", which the
// Wine test (test/wine-jobs.test.ts) sees as a stop that does not wait for
// stopTimeout.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { jobName, parseMembers, TargetJobs } from '../src/platform/windows-jobs.js';

function recorder(answers: Record<string, string | null>): { asked: string[]; jobs: TargetJobs } {
  const asked: string[] = [];
  const jobs = new TargetJobs((q) => {
    asked.push(q);
    const verb = q.split(' ').length === 3 ? `${q[0]}3` : q[0]!;
    return verb in answers ? answers[verb]! : null;
  });
  return { asked, jobs };
}

it('job names: one word psv-win accepts, distinct for distinct targets', () => {
  assert.equal(jobName('0123abcd/web-1.x'), 'psv-job-0123abcd_2fweb-1.x');
  assert.equal(jobName('k/a b'), 'psv-job-k_2fa_20b');
  assert.notEqual(jobName('k/a_b'), jobName('k/a b'));
  assert.match(jobName('k/日本'), /^psv-job-[A-Za-z0-9._-]+$/);
  const long = jobName('k/' + 'x'.repeat(300));
  assert.ok(long.length < 190 && long !== jobName('k/' + 'x'.repeat(301)));
});

it('a spawned target goes into its job; its tree is then killed through the job, once', () => {
  const { asked, jobs } = recorder({ J3: 'ok', K: 'ok' });
  assert.equal(jobs.enter(4242, 'key/web'), true);
  assert.equal(jobs.kill(4242), true);
  // The leader is dead: a second kill of the pid must not reach the job (by then the next run's).
  assert.equal(jobs.kill(4242), false);
  assert.deepEqual(asked, ['J psv-job-key_2fweb 4242', 'K psv-job-key_2fweb']);
});

it('graceful stop: CTRL_BREAK requested for the process group; "killed" (it could not be sent) counts as done', () => {
  for (const answer of ['break', 'killed']) {
    const { asked, jobs } = recorder({ J3: 'ok', K3: answer });
    jobs.enter(77, 'key/api');
    assert.equal(jobs.stop(77), true);
    assert.deepEqual(asked, ['J psv-job-key_2fapi 77', 'K psv-job-key_2fapi 77']);
  }
});

it('without a job (no helper, or the assignment failed) the caller falls back (taskkill)', () => {
  const noHelper = recorder({});
  assert.equal(noHelper.jobs.enter(5, 'key/a'), false);
  assert.equal(noHelper.jobs.kill(5), false);
  assert.equal(noHelper.jobs.stop(5), false);
  const refused = recorder({ J3: 'e5' });
  assert.equal(refused.jobs.enter(6, 'key/a'), false);
  assert.equal(refused.jobs.kill(6), false);
  assert.deepEqual(refused.asked, ['J psv-job-key_2fa 6']);
});

it('a restarted monitor finds the processes in its targets\' jobs, and kills them through the job', () => {
  const { asked, jobs } = recorder({ J: '300,4,133000000000000000 301,300,133000000000500000', K: 'ok' });
  const found = jobs.members('key', ['web']);
  assert.deepEqual(asked, ['J psv-job-key_2fweb']);
  assert.deepEqual(
    found.map((p) => [p.pid, p.ppid, p.target, p.rootPid, p.startToken]),
    [
      [300, 4, 'web', null, '133000000000000000'],
      [301, 300, 'web', null, '133000000000500000'],
    ],
  );
  assert.equal(found[0]!.startedAt, Date.UTC(2022, 5, 18, 4, 26, 40));
  assert.equal(jobs.kill(301), true);
  assert.equal(asked.at(-1), 'K psv-job-key_2fweb');
});

it('members of a job as psv-win lists them', () => {
  assert.equal(parseMembers('-'), null);
  assert.deepEqual(parseMembers(''), []);
  assert.deepEqual(parseMembers('12,3,? junk 14,12,99'), [
    { pid: 12, ppid: 3, startToken: 'alive' },
    { pid: 14, ppid: 12, startToken: '99' },
  ]);
});
