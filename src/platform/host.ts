// The operating system psv runs on, read once. A leaf module: the adapters and
// their helpers need the answer while they load, before platform/index.ts can
// give it (index.ts imports them), so it cannot live there.
export type HostOs = 'linux' | 'windows' | 'posix';

export const HOST_OS: HostOs = process.platform === 'win32' ? 'windows' : process.platform === 'linux' ? 'linux' : 'posix';
