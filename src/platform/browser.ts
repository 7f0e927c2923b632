// Opening a URL in the user's browser, where there is a desktop to open it on.
import { spawn } from 'node:child_process';
import { HOST_OS } from './host.js';

/** Starts the browser on `url` without waiting for it; false when this machine has no desktop session to show it. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  let argv: string[];
  // rundll32 takes the URL as one argument: no shell parses it (cmd's start would split it at '&').
  if (HOST_OS === 'windows') argv = ['rundll32', 'url.dll,FileProtocolHandler', url];
  else if (process.platform === 'darwin') argv = ['open', url];
  else if (env.DISPLAY || env.WAYLAND_DISPLAY) argv = ['xdg-open', url];
  else return false;
  try {
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
